package dev.beluga.stream.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beluga.stream.remotecommand.RemoteCommandTranslator.FromKubelet;
import dev.beluga.stream.remotecommand.RemoteCommandTranslator.SpdyStream;
import dev.beluga.stream.remotecommand.RemoteCommandTranslator.ToClient;
import dev.beluga.stream.remotecommand.RemoteCommandTranslator.ToKubelet;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteCommandTranslatorTest {
    private static final StreamFlags STDIN_OUT_ERR = new StreamFlags(true, true, true, false);
    private static final String EXIT_3 = """
            {"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], \
            exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}""";

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static WebSocketMessage binary(int channel, String data) {
        byte[] d = utf8(data);
        byte[] p = new byte[d.length + 1];
        p[0] = (byte) channel;
        System.arraycopy(d, 0, p, 1, d.length);
        return new WebSocketMessage(false, p);
    }

    @Test
    void streamsAreOpenedAsClientGoOpensThem() {
        assertThat(new RemoteCommandTranslator(ChannelProtocol.V5, STDIN_OUT_ERR).streams()).containsExactly(
                new SpdyStream(1, StreamType.ERROR), new SpdyStream(3, StreamType.STDIN), new SpdyStream(5, StreamType.STDOUT),
                new SpdyStream(7, StreamType.STDERR));
        // A tty has no stderr but a resize stream.
        assertThat(new RemoteCommandTranslator(ChannelProtocol.V5, new StreamFlags(true, true, true, true)).streams()).containsExactly(
                new SpdyStream(1, StreamType.ERROR), new SpdyStream(3, StreamType.STDIN), new SpdyStream(5, StreamType.STDOUT),
                new SpdyStream(7, StreamType.RESIZE));
        assertThat(new RemoteCommandTranslator(ChannelProtocol.V4, new StreamFlags(false, true, false, false)).streams()).containsExactly(
                new SpdyStream(1, StreamType.ERROR), new SpdyStream(3, StreamType.STDOUT));
    }

    @Test
    void theEstablishedMessageIsEmptyOnTheLowestChannelTheClientReads() {
        assertThat(new RemoteCommandTranslator(ChannelProtocol.V5, STDIN_OUT_ERR).established().payload()).containsExactly(1);
        assertThat(new RemoteCommandTranslator(ChannelProtocol.V5, new StreamFlags(true, false, true, false)).established().payload())
                .containsExactly(2);
        assertThat(new RemoteCommandTranslator(ChannelProtocol.V5, new StreamFlags(true, false, false, false)).established().payload())
                .containsExactly(3);
        WebSocketMessage text = new RemoteCommandTranslator(ChannelProtocol.V4_BASE64, STDIN_OUT_ERR).established();
        assertThat(text.text()).isTrue();
        assertThat(new String(text.payload(), StandardCharsets.US_ASCII)).isEqualTo("1");
    }

    @Test
    void stdinAndResizeGoToTheirStreams() {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V5, new StreamFlags(true, true, false, true));
        assertThat(t.fromClient(binary(0, "hi\n"))).singleElement().satisfies(a -> {
            assertThat(a).isInstanceOf(ToKubelet.Data.class);
            assertThat(((ToKubelet.Data) a).streamId()).isEqualTo(3);
            assertThat(((ToKubelet.Data) a).bytes()).isEqualTo(utf8("hi\n"));
        });
        String resize = "{\"Width\":80,\"Height\":24}";
        assertThat(t.fromClient(binary(4, resize))).singleElement().satisfies(a -> {
            assertThat(((ToKubelet.Data) a).streamId()).isEqualTo(7);
            assertThat(((ToKubelet.Data) a).bytes()).isEqualTo(utf8(resize));
        });
    }

    @Test
    void v5sCloseSignalHalfClosesStdinOnceAndDropsLaterInput() {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V5, STDIN_OUT_ERR);
        assertThat(t.fromClient(new WebSocketMessage(false, bytes(255, 0)))).containsExactly(new ToKubelet.HalfClose(3));
        assertThat(t.fromClient(new WebSocketMessage(false, bytes(255, 0)))).isEmpty();
        assertThat(t.fromClient(binary(0, "late"))).isEmpty();
    }

    @Test
    void v4HasNoCloseSignal() {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V4, STDIN_OUT_ERR);
        assertThat(t.fromClient(new WebSocketMessage(false, bytes(255, 0)))).isEmpty();
        assertThat(t.fromClient(binary(0, "still open"))).hasSize(1);
    }

    @Test
    void messagesForChannelsTheClientDoesNotWriteAreDropped() {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V5, new StreamFlags(false, true, true, false));
        assertThat(t.fromClient(binary(0, "no stdin asked for"))).isEmpty();
        assertThat(t.fromClient(binary(1, "stdout is the server's"))).isEmpty();
        assertThat(t.fromClient(binary(4, "{}"))).isEmpty(); // no tty, no resize stream
        assertThat(t.fromClient(new WebSocketMessage(false, new byte[0]))).isEmpty();
        assertThat(t.fromClient(new WebSocketMessage(false, bytes(255, 0)))).isEmpty();
    }

    @Test
    void base64MessagesAreDecodedAndEncoded() {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V4_BASE64, STDIN_OUT_ERR);
        List<ToKubelet> in = t.fromClient(new WebSocketMessage(true, utf8("0aGkK"))); // "hi\n"
        assertThat(((ToKubelet.Data) in.getFirst()).bytes()).isEqualTo(utf8("hi\n"));
        assertThat(t.fromClient(new WebSocketMessage(true, utf8("0!!not base64")))).isEmpty();
        List<ToClient> out = t.fromKubelet(new FromKubelet.Data(7, utf8("oops"), false));
        WebSocketMessage m = ((ToClient.Send) out.getFirst()).message();
        assertThat(m.text()).isTrue();
        assertThat(new String(m.payload(), StandardCharsets.US_ASCII)).isEqualTo("2b29wcw==");
    }

    @Test
    void outputGoesToItsChannelAndTheStatusLastOnceEveryOutputEnded() throws Exception {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V5, STDIN_OUT_ERR);
        assertThat(t.fromKubelet(new FromKubelet.Data(5, utf8("out\n"), false))).containsExactly(sent(1, "out\n"));
        assertThat(t.fromKubelet(new FromKubelet.Data(7, utf8("err\n"), false))).containsExactly(sent(2, "err\n"));
        // The Status arrives (and the error stream ends) before stdout's end: it is held back.
        assertThat(t.fromKubelet(new FromKubelet.Data(1, utf8(EXIT_3), true))).isEmpty();
        assertThat(t.fromKubelet(new FromKubelet.Data(7, new byte[0], true))).isEmpty();
        assertThat(t.finished()).isFalse();
        List<ToClient> last = t.fromKubelet(new FromKubelet.Data(5, utf8("tail\n"), true));
        assertThat(last).hasSize(2);
        assertThat(last.getFirst()).isEqualTo(sent(1, "tail\n"));
        WebSocketMessage status = ((ToClient.Finish) last.get(1)).status();
        assertThat(status.payload()[0]).isEqualTo((byte) 3);
        // The runtime's Status unchanged: the exit code in details.causes with reason ExitCode.
        assertThat(Arrays.copyOfRange(status.payload(), 1, status.payload().length)).isEqualTo(utf8(EXIT_3));
        JsonNode json = new ObjectMapper().readTree(Arrays.copyOfRange(status.payload(), 1, status.payload().length));
        assertThat(json.at("/details/causes/0/reason").asText()).isEqualTo("ExitCode");
        assertThat(json.at("/details/causes/0/message").asText()).isEqualTo("3");
        assertThat(t.finished()).isTrue();
        assertThat(t.fromKubelet(new FromKubelet.Data(5, utf8("after the end"), false))).isEmpty();
        assertThat(t.fromClient(binary(0, "after the end"))).isEmpty();
    }

    @Test
    void aResetStreamCountsAsEnded() {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V5, new StreamFlags(false, true, false, false));
        assertThat(t.fromKubelet(new FromKubelet.Reset(3))).isEmpty();
        assertThat(t.fromKubelet(new FromKubelet.Data(1, new byte[0], true))).singleElement().isInstanceOf(ToClient.Finish.class);
    }

    @Test
    void noStatusFromTheRuntimeMeansSuccess() throws Exception {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V5, new StreamFlags(false, true, false, false));
        List<ToClient> out = t.fromKubelet(new FromKubelet.Closed());
        JsonNode json = statusOf(out.getFirst());
        assertThat(json.path("status").asText()).isEqualTo("Success");
    }

    @Test
    void aBrokenConnectionWithoutAWholeStatusIsAnInternalError() throws Exception {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V5, new StreamFlags(false, true, false, false));
        t.fromKubelet(new FromKubelet.Data(1, utf8("{\"metadata\":{},\"sta"), false));
        JsonNode json = statusOf(t.fromKubelet(new FromKubelet.Failed("error reading from the kubelet: reset")).getFirst());
        assertThat(json.path("status").asText()).isEqualTo("Failure");
        assertThat(json.path("reason").asText()).isEqualTo("InternalError");
        assertThat(json.path("code").asInt()).isEqualTo(500);
        assertThat(json.path("message").asText()).isEqualTo("Internal error occurred: error reading from the kubelet: reset");
    }

    @Test
    void aRefusalsStatusIsTheAnswer() throws Exception {
        RemoteCommandTranslator t = new RemoteCommandTranslator(ChannelProtocol.V5, STDIN_OUT_ERR);
        byte[] refusal = ErrorChannelStatus.upgradeRefused(500, utf8("container not found (\"x\")\n"));
        JsonNode json = statusOf(t.fromKubelet(new FromKubelet.Refused(refusal)).getFirst());
        assertThat(json.path("message").asText()).isEqualTo("Internal error occurred: unable to upgrade connection: container not found (\"x\")");
        assertThat(t.finished()).isTrue();
    }

    @Test
    void aKubeletStatusBodyIsKeptAsItCame() throws Exception {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"pod does not exist\","
                + "\"reason\":\"NotFound\",\"code\":404}";
        JsonNode json = new ObjectMapper().readTree(ErrorChannelStatus.upgradeRefused(404, utf8(body)));
        assertThat(json.path("reason").asText()).isEqualTo("NotFound");
        assertThat(json.path("message").asText()).isEqualTo("pod does not exist");
        assertThat(json.path("code").asInt()).isEqualTo(404);
    }

    private static JsonNode statusOf(ToClient finish) throws Exception {
        byte[] p = ((ToClient.Finish) finish).status().payload();
        assertThat(p[0]).isEqualTo((byte) 3);
        return new ObjectMapper().readTree(Arrays.copyOfRange(p, 1, p.length));
    }

    private static ToClient sent(int channel, String data) {
        return new ToClient.Send(binary(channel, data));
    }
}
