package dev.beluga.stream.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SPDY/3.1 client end against Netty's codec on the far end of a loopback socket. */
class SpdyConnectionTest {
    private ServerSocket listener;
    private Socket client;
    private Socket server;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        server = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        listener.close();
    }

    @Test
    void framesGoOutWithLowerCaseHeadersAndComeBackDecoded() throws Exception {
        SpdyConnection spdy = new SpdyConnection(client, client.getInputStream());
        spdy.openStream(1, Map.of(StreamType.HEADER, "error"));
        spdy.openStream(3, Map.of(StreamType.HEADER, "stdin"));
        spdy.data(3, "hi".getBytes(StandardCharsets.UTF_8), false);
        spdy.data(3, new byte[0], true);

        List<Object> got = readFrames(server.getInputStream(), 4);
        assertThat(got.get(0)).isInstanceOfSatisfying(SpdySynStreamFrame.class, syn -> {
            assertThat(syn.streamId()).isEqualTo(1);
            assertThat(syn.headers().getAsString("streamtype")).isEqualTo("error");
        });
        // The second header block is compressed in the same zlib context as the first: it must decode too.
        assertThat(got.get(1)).isInstanceOfSatisfying(SpdySynStreamFrame.class, syn -> assertThat(syn.headers().getAsString("streamtype")).isEqualTo("stdin"));
        assertThat(got.get(2)).isEqualTo("data 3 hi last=false");
        assertThat(got.get(3)).isEqualTo("data 3  last=true");

        EmbeddedChannel encoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        OutputStream out = server.getOutputStream();
        write(encoder, out, new DefaultSpdySynReplyFrame(1));
        SpdyDataFrame data = new DefaultSpdyDataFrame(1, Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
        data.setLast(true);
        write(encoder, out, data);
        write(encoder, out, new DefaultSpdyPingFrame(2));
        write(encoder, out, new DefaultSpdyRstStreamFrame(3, SpdyStreamStatus.CANCEL));
        server.shutdownOutput();

        assertThat(spdy.read()).contains(new SpdyConnection.Incoming.Reply(1));
        assertThat(spdy.read()).hasValueSatisfying(i -> {
            SpdyConnection.Incoming.Data d = (SpdyConnection.Incoming.Data) i;
            assertThat(d.streamId()).isEqualTo(1);
            assertThat(new String(d.bytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
            assertThat(d.last()).isTrue();
        });
        assertThat(spdy.read()).contains(new SpdyConnection.Incoming.Ping(2));
        assertThat(spdy.read()).contains(new SpdyConnection.Incoming.Reset(3, SpdyStreamStatus.CANCEL.code()));
        assertThat(spdy.read()).isEmpty();
    }

    @Test
    void somethingThatIsNotSpdyIsAnIOException() throws Exception {
        SpdyConnection spdy = new SpdyConnection(client, client.getInputStream());
        // A control frame of SPDY version 2: not what was negotiated.
        server.getOutputStream().write(new byte[] {(byte) 0x80, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1});
        server.getOutputStream().flush();
        assertThatThrownBy(spdy::read).isInstanceOf(IOException.class).hasMessageContaining("not SPDY/3.1");
    }

    private static void write(EmbeddedChannel encoder, OutputStream out, Object frame) throws IOException {
        encoder.writeOutbound(frame);
        ByteBuf b;
        while ((b = encoder.readOutbound()) != null) {
            b.readBytes(out, b.readableBytes());
            b.release();
        }
        out.flush();
    }

    /** Frames as the server's codec decodes them; data frames as text (their buffers are released here). */
    private static List<Object> readFrames(InputStream in, int count) throws IOException {
        EmbeddedChannel decoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        List<Object> frames = new ArrayList<>();
        byte[] chunk = new byte[4096];
        while (frames.size() < count) {
            int n = in.read(chunk);
            if (n < 0) break;
            decoder.writeInbound(Unpooled.copiedBuffer(chunk, 0, n));
            Object f;
            while ((f = decoder.readInbound()) != null) {
                if (f instanceof SpdyDataFrame d) {
                    frames.add("data " + d.streamId() + " " + d.content().toString(StandardCharsets.UTF_8) + " last=" + d.isLast());
                    ReferenceCountUtil.release(f);
                } else {
                    frames.add(f);
                }
            }
        }
        return frames;
    }
}
