package dev.beluga.stream.remotecommand;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * The client end of a SPDY/3.1 connection over a blocking socket, already upgraded: Netty's SPDY
 * frame codec does the framing and the zlib header blocks (SPDY/3's dictionary, one compression
 * context per direction for the connection's life), each direction in an {@link EmbeddedChannel} of
 * its own so the reading thread and the writing threads share no codec state.
 *
 * <p>No flow control is sent or honoured: the far end is moby/spdystream (kubelet's and
 * containerd's streaming servers, as client-go's own client), which implements none, so TCP's own
 * back-pressure is what paces both directions, as between kubectl and a kubelet.
 */
public final class SpdyConnection implements AutoCloseable {
    /** What arrived from the server. */
    public sealed interface Incoming {
        record Reply(int streamId) implements Incoming {}

        record Data(int streamId, byte[] bytes, boolean last) implements Incoming {}

        record Reset(int streamId, int status) implements Incoming {}

        /** A server's PING: answered by the reader, since its id is even (spdystream answers those it did not send). */
        record Ping(int id) implements Incoming {}

        /** SETTINGS, WINDOW_UPDATE, HEADERS, GOAWAY: nothing the session needs. */
        record Other(String frame) implements Incoming {}
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel encoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final EmbeddedChannel decoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final Deque<Incoming> decoded = new ArrayDeque<>();
    private final byte[] chunk = new byte[32 * 1024];

    /** @param in the socket's input, possibly buffered already (the HTTP upgrade's head was read from it) */
    public SpdyConnection(Socket socket, InputStream in) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
    }

    /** SYN_STREAM with {@code headers} (lower-case names, as SPDY/3 requires). */
    public void openStream(int streamId, Map<String, String> headers) throws IOException {
        DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(streamId, 0, (byte) 0);
        headers.forEach((k, v) -> syn.headers().set(k, v));
        write(syn);
    }

    /** A DATA frame; {@code last} sets FIN (this side's end of the stream). */
    public void data(int streamId, byte[] bytes, boolean last) throws IOException {
        SpdyDataFrame frame = new DefaultSpdyDataFrame(streamId, Unpooled.wrappedBuffer(bytes));
        frame.setLast(last);
        write(frame);
    }

    public void pong(int id) throws IOException {
        write(new DefaultSpdyPingFrame(id));
    }

    /** GOAWAY, as spdystream's Close sends before closing its connection. */
    public void goAway() throws IOException {
        write(new DefaultSpdyGoAwayFrame(0));
    }

    private void write(Object frame) throws IOException {
        synchronized (encoder) {
            try {
                encoder.writeOutbound(frame);
            } catch (Exception e) {
                // EmbeddedChannel rethrows a pipeline's checked exceptions undeclared, hence Exception.
                throw new IOException("cannot encode the SPDY frame " + frame + ": " + e, e);
            }
            ByteBuf encoded;
            while ((encoded = encoder.readOutbound()) != null) {
                try {
                    encoded.readBytes(out, encoded.readableBytes());
                } finally {
                    encoded.release();
                }
            }
            out.flush();
        }
    }

    /** The next frame from the server, blocking; empty once the server has closed the connection. Called by one thread only. */
    public Optional<Incoming> read() throws IOException {
        while (decoded.isEmpty()) {
            int n = in.read(chunk);
            if (n < 0) return Optional.empty();
            if (n == 0) continue;
            try {
                // Copied: the decoder keeps what it has not consumed yet, and the chunk is reused.
                decoder.writeInbound(Unpooled.copiedBuffer(chunk, 0, n));
            } catch (Exception e) {
                // The codec reports a bad frame as a checked SpdyProtocolException, which EmbeddedChannel rethrows undeclared.
                throw new IOException("the kubelet sent something that is not SPDY/3.1: " + e, e);
            }
            Object frame;
            while ((frame = decoder.readInbound()) != null) {
                try {
                    decoded.add(incoming(frame));
                } finally {
                    ReferenceCountUtil.release(frame);
                }
            }
        }
        return Optional.of(decoded.poll());
    }

    private static Incoming incoming(Object frame) {
        return switch (frame) {
            case SpdySynReplyFrame r -> new Incoming.Reply(r.streamId());
            case SpdyDataFrame d -> {
                byte[] bytes = new byte[d.content().readableBytes()];
                d.content().readBytes(bytes);
                yield new Incoming.Data(d.streamId(), bytes, d.isLast());
            }
            case SpdyRstStreamFrame r -> new Incoming.Reset(r.streamId(), r.status().code());
            case SpdyPingFrame p -> new Incoming.Ping(p.id());
            default -> new Incoming.Other(frame.getClass().getSimpleName());
        };
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        synchronized (encoder) {
            encoder.finishAndReleaseAll();
        }
    }
}
