package io.mm.api.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One symbol's messages of one poll, encoded once as WebSocket frames: one buffer for every subscriber, and one with
 * the exchange's raw message for those that asked for it. Each subscriber gets a retained view of the same bytes.
 */
final class SymbolBatch {
    private ByteBuf plain;
    private ByteBuf raw;
    private int messages;

    /** Whether any of {@code subs} asked for raw messages (only then is the raw form built). */
    static boolean anyRaw(List<Subscriber> subs) {
        for (Subscriber s : subs) {
            if (s.raw) {
                return true;
            }
        }
        return false;
    }

    /** Adds one message; {@code rawForm} is null when no subscriber takes raw messages. */
    void add(byte[] plainForm, byte[] rawForm) {
        if (plain == null) {
            plain = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
        }
        WsFrames.text(plain, plainForm);
        if (rawForm != null) {
            if (raw == null) {
                raw = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
            }
            WsFrames.text(raw, rawForm);
        }
        messages++;
    }

    /**
     * Queues the batch for each live subscriber (marking it in {@code touched} for the hand-over at the end of the
     * cycle); one whose queue is over its limit goes to {@code tooSlow}, which removes it from {@code subs}. Returns the
     * messages queued, one per subscriber and message.
     */
    long handTo(List<Subscriber> subs, List<Subscriber> touched, BiConsumer<Subscriber, String> tooSlow) {
        if (plain == null) {
            return 0;
        }
        long out = 0;
        for (int i = 0; i < subs.size(); i++) {
            Subscriber s = subs.get(i);
            if (s.dropped || !s.channel.isActive()) {
                continue;
            }
            if (s.behind()) {
                tooSlow.accept(s, "client too slow: its queue held more than the limit when " + messages + " more messages were due");
                i--;
                continue;
            }
            ByteBuf b = s.raw && raw != null ? raw : plain;
            s.pending.add(b.retainedDuplicate());
            s.pendingBytes += b.readableBytes();
            out += messages;
            if (!s.touched) {
                s.touched = true;
                touched.add(s);
            }
        }
        plain.release();
        plain = null;
        if (raw != null) {
            raw.release();
            raw = null;
        }
        messages = 0;
        return out;
    }
}
