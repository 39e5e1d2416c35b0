package dev.beluga.stream.remotecommand;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One exec/attach session's translation between a WebSocket client (remotecommand over channels,
 * {@link ChannelProtocol}) and the kubelet's SPDY/3.1 streams (remotecommand v4, one stream per
 * {@link StreamType}, opened by this side as client-go's SPDY executor opens them). Pure: it is told
 * what arrived and answers what to send; the bridge does the I/O.
 *
 * <p>The session ends, as client-go's v4 executor ends, once the kubelet has finished the error
 * stream and every output stream (FIN or reset) or has closed the connection: then the error
 * stream's Status (the runtime's, unchanged; Success when it sent none) goes to the client on
 * channel 3, after every byte of output, and the WebSocket is closed normally.
 */
public final class RemoteCommandTranslator {
    /** Frames for the kubelet's SPDY connection. */
    public sealed interface ToKubelet {
        record Data(int streamId, byte[] bytes) implements ToKubelet {}

        /** An empty DATA frame with FIN: the stream's end from this side (stdin's EOF). */
        record HalfClose(int streamId) implements ToKubelet {}
    }

    /** What the kubelet's SPDY connection delivered. */
    public sealed interface FromKubelet {
        record Data(int streamId, byte[] bytes, boolean last) implements FromKubelet {}

        record Reset(int streamId) implements FromKubelet {}

        /** The connection closed (EOF): every stream has ended. */
        record Closed() implements FromKubelet {}

        /** The connection broke, or could not be set up, for this reason. */
        record Failed(String error) implements FromKubelet {}

        /** The kubelet refused the session (no upgrade); this Status says why. */
        record Refused(byte[] status) implements FromKubelet {}
    }

    /** Messages for the WebSocket client. */
    public sealed interface ToClient {
        record Send(WebSocketMessage message) implements ToClient {}

        /** The last message (the Status on channel 3), after which the WebSocket is closed normally. */
        record Finish(WebSocketMessage status) implements ToClient {}
    }

    /** A SPDY stream to open, in order, with its id. */
    public record SpdyStream(int id, StreamType type) {}

    private final ChannelProtocol protocol;
    private final StreamFlags flags;
    private final Map<Integer, StreamType> byId = new LinkedHashMap<>();
    private final Map<StreamType, Integer> byType = new LinkedHashMap<>();
    /** Streams the kubelet has yet to finish before the session is over: error, stdout, stderr. */
    private final Set<Integer> awaited = new LinkedHashSet<>();
    /** Client streams already half-closed towards the kubelet. */
    private final Set<Integer> closedByClient = new LinkedHashSet<>();
    private final ByteArrayOutputStream status = new ByteArrayOutputStream();
    private boolean finished;

    public RemoteCommandTranslator(ChannelProtocol protocol, StreamFlags flags) {
        this.protocol = protocol;
        this.flags = flags;
        // client-go's streamProtocolV3/V4 createStreams: error, stdin, stdout, stderr (none with a tty), resize (tty only).
        List<StreamType> types = new ArrayList<>();
        types.add(StreamType.ERROR);
        if (flags.stdin()) types.add(StreamType.STDIN);
        if (flags.stdout()) types.add(StreamType.STDOUT);
        if (flags.stderr() && !flags.tty()) types.add(StreamType.STDERR);
        if (flags.tty()) types.add(StreamType.RESIZE);
        int id = 1; // streams a SPDY client opens have odd ids
        for (StreamType t : types) {
            byId.put(id, t);
            byType.put(t, id);
            if (t == StreamType.ERROR || t == StreamType.STDOUT || t == StreamType.STDERR) awaited.add(id);
            id += 2;
        }
    }

    public ChannelProtocol protocol() {
        return protocol;
    }

    /** The SPDY streams to open towards the kubelet, in client-go's order. */
    public List<SpdyStream> streams() {
        return byId.entrySet().stream().map(e -> new SpdyStream(e.getKey(), e.getValue())).toList();
    }

    /**
     * The empty message upstream's translator sends once the WebSocket is open, on the lowest
     * channel the client reads (stdout, else stderr, else error), telling it the session is set up.
     */
    public WebSocketMessage established() {
        StreamType first = flags.stdout() ? StreamType.STDOUT : flags.stderr() ? StreamType.STDERR : StreamType.ERROR;
        return encode(first.channel(), new byte[0]);
    }

    public boolean finished() {
        return finished;
    }

    /**
     * A message from the client: stdin and resize data go to their streams; v5's close signal
     * {@code [255, channel]} half-closes that stream. Anything else (an empty message, a channel the
     * client does not write, a stream it closed, undecodable base64) is dropped, as upstream's
     * wsstream drops it.
     */
    public List<ToKubelet> fromClient(WebSocketMessage message) {
        if (finished) return List.of();
        byte[] payload = message.payload();
        if (payload.length == 0) return List.of();
        int channel = payload[0] & 0xff;
        if (protocol.closeSignal() && channel == 255) {
            if (payload.length < 2) return List.of();
            return streamOfChannel(payload[1] & 0xff).filter(closedByClient::add)
                    .<List<ToKubelet>>map(id -> List.of(new ToKubelet.HalfClose(id))).orElse(List.of());
        }
        byte[] data;
        if (protocol.base64()) {
            channel -= '0';
            try {
                data = Base64.getDecoder().decode(new String(payload, 1, payload.length - 1, StandardCharsets.US_ASCII).strip());
            } catch (IllegalArgumentException notBase64) {
                return List.of();
            }
        } else {
            data = Arrays.copyOfRange(payload, 1, payload.length);
        }
        if (data.length == 0) return List.of();
        Optional<Integer> id = streamOfChannel(channel);
        if (id.isEmpty() || closedByClient.contains(id.get())) return List.of();
        return List.of(new ToKubelet.Data(id.get(), data));
    }

    /** The client's writable stream for {@code channel}: stdin or resize, when this session has it. */
    private Optional<Integer> streamOfChannel(int channel) {
        if (channel == StreamType.STDIN.channel()) return Optional.ofNullable(byType.get(StreamType.STDIN));
        if (channel == StreamType.RESIZE.channel()) return Optional.ofNullable(byType.get(StreamType.RESIZE));
        return Optional.empty();
    }

    /** What the kubelet sent: output goes to its channel as it comes; the Status waits for the end. */
    public List<ToClient> fromKubelet(FromKubelet event) {
        if (finished) return List.of();
        List<ToClient> out = new ArrayList<>();
        switch (event) {
            case FromKubelet.Data d -> {
                StreamType type = byId.get(d.streamId());
                if (type == StreamType.STDOUT || type == StreamType.STDERR) {
                    if (d.bytes().length > 0) out.add(new ToClient.Send(encode(type.channel(), d.bytes())));
                } else if (type == StreamType.ERROR) {
                    status.writeBytes(d.bytes());
                }
                if (d.last()) awaited.remove(d.streamId());
            }
            case FromKubelet.Reset r -> awaited.remove(r.streamId());
            case FromKubelet.Closed c -> awaited.clear();
            case FromKubelet.Refused r -> {
                awaited.clear();
                status.reset();
                status.writeBytes(r.status());
            }
            case FromKubelet.Failed f -> {
                // A Status the kubelet had finished before the break still says how the command ended.
                boolean statusWhole = !awaited.contains(byType.get(StreamType.ERROR));
                awaited.clear();
                if (!statusWhole || status.size() == 0) {
                    status.reset();
                    status.writeBytes(ErrorChannelStatus.internalError(f.error()));
                }
            }
        }
        if (awaited.isEmpty()) {
            finished = true;
            byte[] s = status.size() == 0 ? ErrorChannelStatus.success() : status.toByteArray();
            out.add(new ToClient.Finish(encode(StreamType.ERROR.channel(), s)));
        }
        return out;
    }

    private WebSocketMessage encode(int channel, byte[] data) {
        if (protocol.base64()) {
            byte[] b64 = Base64.getEncoder().encode(data);
            byte[] payload = new byte[b64.length + 1];
            payload[0] = (byte) ('0' + channel);
            System.arraycopy(b64, 0, payload, 1, b64.length);
            return new WebSocketMessage(true, payload);
        }
        byte[] payload = new byte[data.length + 1];
        payload[0] = (byte) channel;
        System.arraycopy(data, 0, payload, 1, data.length);
        return new WebSocketMessage(false, payload);
    }
}
