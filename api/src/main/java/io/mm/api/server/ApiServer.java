package io.mm.api.server;

import io.mm.api.catalog.ApiException;
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
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
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
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and WebSocket server of every serving command (Netty, as the simulator). Each request is checked in
 * the same order before any route sees it: target length (414), path (404), token (401), origin (403), client
 * limit for WebSockets (503); the route then checks its parameters (400, 404). Every refusal is a short JSON
 * {@code {"error":..}}, never a stack trace, and concerns only its own connection. WebSocket clients are pinged
 * and closed when they stay silent past the idle timeout.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_BODY = 1 << 16;
    private static final int MAX_CLIENT_FRAME = 1 << 16;

    private final ApiSettings settings;
    private final List<Route> routes;
    private final AtomicInteger wsClients = new AtomicInteger();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;
    private int port;

    public ApiServer(ApiSettings settings, List<Route> routes) {
        this.settings = settings;
        this.routes = List.copyOf(routes);
    }

    /** @throws IllegalStateException when the address cannot be bound (in use, not this host's), naming it */
    public ApiServer start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
        int high = Math.max(64 << 10, settings.clientQueueBytes());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("http", new HttpServerCodec(Math.max(4096, settings.maxQueryLength() + 64), 16 << 10, 8192))
                                .addLast("aggregate", new HttpObjectAggregator(MAX_BODY))
                                .addLast("route", new Router());
                    }
                });
        ChannelFuture bound = b.bind(settings.host(), settings.port()).await();
        if (!bound.isSuccess()) {
            close();
            Throwable c = bound.cause();
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + (c instanceof java.nio.channels.UnresolvedAddressException ? "no such host or address"
                    : c.getMessage() != null ? c.getMessage() : c.toString()), c);
        }
        server = bound.channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
        LOG.info("listening on {}:{}", settings.host(), port);
        return this;
    }

    public int port() {
        return port;
    }

    public int clients() {
        return wsClients.get();
    }

    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!req.decoderResult().isSuccess()) {
                Throwable c = req.decoderResult().cause();
                answer(ctx, req, c instanceof TooLongFrameException ? 414 : 400,
                        error(c instanceof TooLongFrameException ? "request target or headers too long" : "malformed request"));
                return;
            }
            String uri = req.uri();
            if (uri.length() > settings.maxQueryLength()) {
                answer(ctx, req, 414, error("request target longer than " + settings.maxQueryLength() + " characters"));
                return;
            }
            Query q;
            try {
                q = new Query(uri);
            } catch (IllegalArgumentException e) {
                answer(ctx, req, 400, error("malformed query: " + e.getMessage()));
                return;
            }
            Route route = null;
            for (Route r : routes) {
                if (r.matches(q.path())) {
                    route = r;
                    break;
                }
            }
            if (route == null) {
                answer(ctx, req, 404, error("no such path: " + Query.clip(q.path())));
                return;
            }
            try {
                checkToken(req, q);
                checkOrigin(req);
                boolean upgrade = req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
                if (route.websocket() && upgrade) {
                    upgrade(ctx, req, route, q);
                    return;
                }
                if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
                    throw new ApiException(405, "only GET is served");
                }
                CompletableFuture<Route.Answer> a = route.get(q);
                req.retain();
                a.whenComplete((ans, err) -> {
                    try {
                        if (err != null) {
                            Throwable c = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                            if (c instanceof ApiException ae) {
                                answer(ctx, req, ae.status(), error(ae.getMessage()));
                            } else {
                                LOG.warn("request {} failed", Query.clip(uri), c);
                                answer(ctx, req, 500, error("internal error"));
                            }
                        } else {
                            answer(ctx, req, ans);
                        }
                    } finally {
                        req.release();
                    }
                });
            } catch (ApiException e) {
                answer(ctx, req, e.status(), error(e.getMessage()));
            } catch (RuntimeException e) {
                // a bug, not the client's fault: said in the log, and the client gets an answer rather than a dropped connection
                LOG.warn("request {} failed", Query.clip(uri), e);
                answer(ctx, req, 500, error("internal error"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("http connection error", cause);
            ctx.close();
        }
    }

    private void checkToken(FullHttpRequest req, Query q) throws ApiException {
        String token = settings.token();
        if (token == null || token.isEmpty()) {
            return;
        }
        String given = q.one("token");
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, given == null ? "a token is required (Authorization: Bearer <API_TOKEN>, or token=)"
                    : "wrong token");
        }
    }

    private void checkOrigin(FullHttpRequest req) throws ApiException {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null || settings.allowedOrigins().contains("*") || settings.allowedOrigins().contains(origin)) {
            return;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        try {
            URI o = new URI(origin);
            String oh = o.getHost() + (o.getPort() > 0 ? ":" + o.getPort() : "");
            if (host != null && host.equalsIgnoreCase(oh)) {
                return; // the page this server serves
            }
        } catch (java.net.URISyntaxException e) {
            // not an origin
        }
        throw new ApiException(403, "origin " + Query.clip(origin) + " is not allowed (ALLOWED_ORIGINS)");
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, Route route, Query q) throws ApiException {
        if (wsClients.get() >= settings.maxClients()) {
            throw new ApiException(503, "too many clients (" + settings.maxClients() + "): try again later");
        }
        Route.Session session = route.upgrade(q);
        String location = "ws://" + req.headers().get(HttpHeaderNames.HOST, "127.0.0.1") + req.uri();
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(location, null, true, MAX_CLIENT_FRAME).newHandshaker(req);
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Channel ch = ctx.channel();
        if (wsClients.incrementAndGet() > settings.maxClients()) {
            wsClients.decrementAndGet();
            throw new ApiException(503, "too many clients (" + settings.maxClients() + "): try again later");
        }
        hs.handshake(ch, req).addListener(f -> {
            if (!f.isSuccess()) {
                wsClients.decrementAndGet();
                ch.close();
                return;
            }
            ch.pipeline().remove("route");
            ch.pipeline().addLast("idle", new IdleStateHandler(settings.idleSeconds(), 0, 0, TimeUnit.SECONDS));
            ch.pipeline().addLast("frames", new WebSocketFrameAggregator(MAX_CLIENT_FRAME));
            ch.pipeline().addLast("ws", new WsHandler(session));
            // pinged whatever else is sent: a client that answers nothing is idle and closed
            var pings = ch.eventLoop().scheduleAtFixedRate(() -> ch.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(
                    new byte[] {'m', 'm'}))), settings.pingSeconds(), settings.pingSeconds(), TimeUnit.SECONDS);
            ch.closeFuture().addListener(c -> {
                pings.cancel(false);
                wsClients.decrementAndGet();
            });
            session.opened(ch);
        });
    }

    /** Frames from a WebSocket client: pings answered, text to the session, silence past the idle timeout closes. */
    private static final class WsHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Route.Session session;

        WsHandler(Route.Session session) {
            this.session = session;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame t) {
                session.text(ctx.channel(), t.text());
            } else if (frame instanceof PingWebSocketFrame p) {
                ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame c) {
                ctx.writeAndFlush(new CloseWebSocketFrame(c.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent e) {
                if (e.state() == IdleState.READER_IDLE) {
                    LOG.info("closing idle WebSocket client {}", ctx.channel().remoteAddress());
                    ctx.writeAndFlush(new CloseWebSocketFrame(1001, "idle")).addListener(ChannelFutureListener.CLOSE);
                    ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            session.closed(ctx.channel());
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("websocket error", cause);
            ctx.close();
        }
    }

    static String error(String message) {
        StringBuilder b = new StringBuilder("{\"error\":\"");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.append("\"}").toString();
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpRequest req, int status, String json) {
        answer(ctx, req, Route.Answer.json(status, json));
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpRequest req, Route.Answer a) {
        ByteBuf body = req.method() == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(a.body());
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(a.status()), body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, a.body().length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().set("X-Content-Type-Options", "nosniff");
        if (HttpUtil.isKeepAlive(req) && a.status() < 400) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
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
    }
}
