package io.mm.api.relay;

import io.netty.buffer.ByteBuf;

/**
 * Server-to-client WebSocket text frames written straight into a buffer (RFC 6455: unmasked, FIN set), so a
 * message is encoded once and the same bytes go to every subscriber.
 */
final class WsFrames {
    private WsFrames() {}

    static void text(ByteBuf out, byte[] payload) {
        int n = payload.length;
        out.writeByte(0x81);
        if (n < 126) {
            out.writeByte(n);
        } else if (n < 65_536) {
            out.writeByte(126);
            out.writeShort(n);
        } else {
            out.writeByte(127);
            out.writeLong(n);
        }
        out.writeBytes(payload);
    }
}
