package io.mm.simulator.server;

import io.mm.core.Exchange;
import io.mm.simulator.fault.FaultController;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.market.MarketHub;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loopback port: {@code /binance}, {@code /kraken} and {@code /bitfinex} prefixes with each exchange's
 * real paths below them (WebSocket upgrades and REST), and {@code /control} for tests and operators. Netty
 * does the I/O on its event loops; everything that touches a market or a session runs on the market thread.
 */
public final class SimServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
    private static final int MAX_FRAME = 1 << 20;

    private final MarketHub hub;
    private final Sessions sessions;
    private final FaultController faults;
    private final Map<Exchange, ExchangeFeed> feeds = new EnumMap<>(Exchange.class);
    private final Function<FullHttpRequest, CompletableFuture<RestAnswer>> control;
    private final ExecutorService controlExecutor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sim-control");
        t.setDaemon(true);
        return t;
    });
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;

    public SimServer(MarketHub hub, Sessions sessions, FaultController faults, Map<Exchange, ExchangeFeed> feeds,
                     Function<FullHttpRequest, RestAnswer> control) {
        this.hub = hub;
        this.sessions = sessions;
        this.faults = faults;
        this.feeds.putAll(feeds);
        this.control = req -> CompletableFuture.supplyAsync(() -> control.apply(req), controlExecutor);
    }

    public int start(String host, int port, int ioThreads) throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 << 20, 16 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("http", new HttpServerCodec())
                                .addLast("aggregate", new HttpObjectAggregator(MAX_FRAME))
                                .addLast("route", new HttpRouter());
                    }
                });
        ChannelFuture f = b.bind(host, port).await();
        if (!f.isSuccess()) {
            close();
            Throwable c = f.cause();
            throw new IllegalStateException(c instanceof java.nio.channels.UnresolvedAddressException ? "no such host or address"
                    : c.getMessage() != null ? c.getMessage() : c.toString(), c);
        }
        server = f.channel();
        int bound = ((InetSocketAddress) server.localAddress()).getPort();
        LOG.info("simulator listening on {}:{}", host, bound);
        return bound;
    }

    /** Routes one HTTP request: a WebSocket upgrade, an exchange's REST path, or the control endpoint. */
    private final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String uri = req.uri();
            if (uri.startsWith("/control")) {
                req.retain();
                control.apply(req).whenComplete((a, e) -> {
                    req.release();
                    answer(ctx, req, e != null ? RestAnswer.of(500, json("error", String.valueOf(e.getMessage()))) : a);
                });
                return;
            }
            Exchange exchange = null;
            for (Exchange e : Exchange.values()) {
                String prefix = "/" + e.id();
                if (uri.startsWith(prefix + "/") || uri.equals(prefix)) {
                    exchange = e;
                    break;
                }
            }
            ExchangeFeed feed = exchange == null ? null : feeds.get(exchange);
            if (feed == null) {
                answer(ctx, req, RestAnswer.of(404, json("error", "no route for " + uri
                        + " (the simulator serves /binance, /kraken, /bitfinex and /control)")));
                return;
            }
            String below = uri.substring(exchange.id().length() + 1);
            if (below.isEmpty()) {
                below = "/";
            }
            String path = below.indexOf('?') < 0 ? below : below.substring(0, below.indexOf('?'));
            if (feed.isWebSocket(path) && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                upgrade(ctx, req, feed, below);
                return;
            }
            rest(ctx, req, feed, below);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("http connection error", cause);
            ctx.close();
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, ExchangeFeed feed, String below) {
        Exchange e = feed.exchange();
        if (faults.timed(FaultKind.REFUSE, e, "refusing WebSocket connections") != null) {
            faults.record(e, null, FaultKind.REFUSE, "503 to a WebSocket upgrade at " + below);
            answer(ctx, req, RestAnswer.of(503, json("error", "connections refused (simulated)")));
            return;
        }
        String location = "ws://" + req.headers().get(HttpHeaderNames.HOST, "127.0.0.1") + req.uri();
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(location, null, true, MAX_FRAME).newHandshaker(req);
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Channel ch = ctx.channel();
        hs.handshake(ch, req).addListener(f -> {
            if (!f.isSuccess()) {
                ch.close();
                return;
            }
            ch.pipeline().remove("route");
            ch.pipeline().addLast("frames", new WebSocketFrameAggregator(MAX_FRAME));
            WsHandler handler = new WsHandler(feed);
            ch.pipeline().addLast("ws", handler);
            hub.execute(() -> handler.session = feed.open(ch, below));
        });
    }

    /** WebSocket frames of one session: text to the feed on the market thread, pings answered, closes tracked. */
    private final class WsHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final ExchangeFeed feed;
        volatile WsSession session;

        WsHandler(ExchangeFeed feed) {
            this.feed = feed;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame t) {
                String text = t.text();
                hub.execute(() -> {
                    if (session != null && !session.closing()) {
                        feed.onText(session, text);
                    }
                });
            } else if (frame instanceof PingWebSocketFrame p) {
                WsSession s = session;
                if (s == null || !s.stalled(hub.now())) {
                    ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
                }
            } else if (frame instanceof PongWebSocketFrame) {
                WsSession s = session;
                if (s != null) {
                    s.lastPongMs = hub.now();
                }
            } else if (frame instanceof CloseWebSocketFrame c) {
                ctx.writeAndFlush(new CloseWebSocketFrame(c.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            hub.execute(() -> {
                WsSession s = session;
                if (s != null) {
                    sessions.remove(s);
                    feed.onClosed(s);
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("websocket error", cause);
            ctx.close();
        }
    }

    private void rest(ChannelHandlerContext ctx, FullHttpRequest req, ExchangeFeed feed, String below) {
        Exchange e = feed.exchange();
        RestAnswer fault = restFault(e, below);
        if (fault != null) {
            sessions.restAnswered(e, fault.status());
            answer(ctx, req, fault);
            return;
        }
        var slowSpec = faults.take(FaultKind.REST_SLOW, e, null, "answer to " + below + " delayed");
        long delay = slowSpec == null ? 0 : slowSpec.duration().toMillis();
        hub.submit(() -> feed.rest(below)).whenComplete((a, err) -> {
            RestAnswer out = err != null ? RestAnswer.of(500, json("error", String.valueOf(err.getMessage()))) : a;
            sessions.restAnswered(e, out.status());
            answer(ctx, req, delay > 0 ? out.delayed(delay) : out);
        });
    }

    /** The armed REST faults, in order of severity; null when none applies to this request. */
    private RestAnswer restFault(Exchange e, String below) {
        var timeout = faults.take(FaultKind.REST_TIMEOUT, e, null, "no answer to " + below);
        if (timeout != null) {
            return RestAnswer.NEVER;
        }
        var ban = faults.take(FaultKind.REST_418, e, null, "418 to " + below);
        if (ban != null) {
            return RestErrors.tooMany(e, 418, ban.param());
        }
        var limit = faults.take(FaultKind.REST_429, e, null, "429 to " + below);
        if (limit != null) {
            return RestErrors.tooMany(e, 429, limit.param());
        }
        var down = faults.take(FaultKind.REST_5XX, e, null, "5xx to " + below);
        if (down != null) {
            return RestErrors.serverError(e, (int) down.param());
        }
        return null;
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest req, RestAnswer a) {
        if (a == RestAnswer.NEVER) {
            return; // the client's timeout is what is being tested
        }
        if (a.delayMs() > 0) {
            ctx.executor().schedule(() -> answer(ctx, req, a.delayed(0)), a.delayMs(), TimeUnit.MILLISECONDS);
            return;
        }
        ByteBuf body = Unpooled.copiedBuffer(a.body(), StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(a.status()), body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        a.headers().forEach((k, v) -> r.headers().set(k, v));
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static String json(String field, String value) {
        return "{\"" + field + "\":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        controlExecutor.shutdownNow();
    }
}
