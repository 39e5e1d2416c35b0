package dev.beluga.stream.remotecommand;

import dev.beluga.stream.remotecommand.RemoteCommandTranslator.FromKubelet;
import dev.beluga.stream.remotecommand.RemoteCommandTranslator.ToClient;
import dev.beluga.stream.remotecommand.RemoteCommandTranslator.ToKubelet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's StreamTranslatorProxy (KEP-4006): an exec/attach WebSocket ({@link ChannelProtocol})
 * terminated here, and the session carried on to the kubelet as remotecommand v4 over SPDY/3.1 —
 * the only streaming protocol a kubelet on containerd 1.6 offers beyond WebSocket v4. The channel
 * translation is {@link RemoteCommandTranslator}'s; this class does the I/O: Jetty's WebSocket
 * session on one side, a {@link SpdyConnection} read by a virtual thread on the other.
 *
 * <p>As upstream's translator, the WebSocket is accepted first and the kubelet asked afterwards, so
 * a kubelet's refusal reaches the client as a Status on the error channel (not as a failed
 * handshake, which kubectl would take as "no WebSocket here" and retry over SPDY).
 */
public final class WebSocketToSpdyBridge implements FrameHandler {
    private static final Logger log = LoggerFactory.getLogger(WebSocketToSpdyBridge.class);
    private static final Handshaker HANDSHAKER = Handshaker.newInstance();
    /** Upstream's translator and kubelet close streams idle for 4 hours. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(4);
    /** The largest client message (stdin chunk, resize) taken; kubectl's are a few KiB. */
    static final int MAX_MESSAGE = 1024 * 1024;

    private final RemoteCommandTranslator translator; // guarded by itself
    private final SpdyUpstream upstream;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean partialText;
    private final AtomicBoolean demanding = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CoreSession session;
    private volatile Optional<SpdyConnection> spdy = Optional.empty();

    private WebSocketToSpdyBridge(RemoteCommandTranslator translator, SpdyUpstream upstream) {
        this.translator = translator;
        this.upstream = upstream;
    }

    /** The protocol to translate for {@code request}: empty unless it is a WebSocket upgrade offering one served here. */
    public static Optional<ChannelProtocol> servedProtocol(Request request) {
        if (!HANDSHAKER.isWebSocketUpgradeRequest(request)) return Optional.empty();
        return ChannelProtocol.negotiate(request.getHeaders().getCSV(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, false));
    }

    /**
     * Accepts the WebSocket with {@code protocol} (echoed in Sec-WebSocket-Protocol) and starts the
     * translated session. False when Jetty finds the upgrade request invalid and has answered nothing:
     * the caller answers it.
     */
    public static boolean upgrade(Request request, Response response, Callback callback, ChannelProtocol protocol, StreamFlags flags,
                                  SpdyUpstream upstream) {
        WebSocketComponents components = WebSocketServerComponents.ensureWebSocketComponents(request.getConnectionMetaData().getConnector().getServer());
        WebSocketNegotiator negotiator = (req, resp, cb) -> {
            resp.setAcceptedSubProtocol(protocol.id());
            return new WebSocketToSpdyBridge(new RemoteCommandTranslator(protocol, flags), upstream);
        };
        return HANDSHAKER.upgradeRequest(negotiator, request, response, callback, components, configuration -> {
            configuration.setIdleTimeout(IDLE_TIMEOUT);
            configuration.setMaxFrameSize(MAX_MESSAGE);
            configuration.setMaxBinaryMessageSize(MAX_MESSAGE);
            configuration.setMaxTextMessageSize(MAX_MESSAGE);
        });
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        this.session = coreSession;
        callback.succeeded();
        Thread.ofVirtual().name("exec-translator").start(this::run);
    }

    /** The kubelet's side: upgrade, open the streams, then relay what the kubelet sends until the session ends. */
    private void run() {
        try {
            send(translator.established());
        } catch (IOException e) {
            log.debug("exec/attach client went away at once: {}", e.toString());
            shutDown();
            return;
        }
        SpdyConnection connection;
        try {
            switch (SpdyUpgrade.connect(upstream)) {
                case SpdyUpgrade.Result.Refused refused -> {
                    deliver(new FromKubelet.Refused(refused.status()));
                    return;
                }
                case SpdyUpgrade.Result.Upgraded upgraded -> connection = upgraded.connection();
            }
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong, the client hears it as a Status rather than waiting on an open WebSocket.
            deliver(new FromKubelet.Failed("error dialing backend: " + e.getMessage()));
            return;
        }
        spdy = Optional.of(connection);
        try (connection) {
            if (closed.get()) return;
            List<RemoteCommandTranslator.SpdyStream> streams = translator.streams();
            for (RemoteCommandTranslator.SpdyStream s : streams) connection.openStream(s.id(), Map.of(StreamType.HEADER, s.type().header()));
            int answered = 0;
            boolean reading = false;
            while (!closed.get()) {
                Optional<SpdyConnection.Incoming> next = connection.read();
                if (next.isEmpty()) {
                    deliver(new FromKubelet.Closed());
                    break;
                }
                switch (next.get()) {
                    case SpdyConnection.Incoming.Reply r -> answered++;
                    case SpdyConnection.Incoming.Data d -> deliver(new FromKubelet.Data(d.streamId(), d.bytes(), d.last()));
                    case SpdyConnection.Incoming.Reset r -> {
                        answered++;
                        deliver(new FromKubelet.Reset(r.streamId()));
                    }
                    case SpdyConnection.Incoming.Ping p -> connection.pong(p.id());
                    case SpdyConnection.Incoming.Other o -> log.debug("ignoring the kubelet's {}", o.frame());
                }
                // The client's input is read once the kubelet has taken every stream, as client-go waits for each reply.
                if (!reading && answered == streams.size()) {
                    reading = true;
                    demand();
                }
                if (finished()) break;
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) deliver(new FromKubelet.Failed("error reading from the kubelet: " + e.getMessage()));
        }
    }

    private boolean finished() {
        synchronized (translator) {
            return translator.finished();
        }
    }

    private void deliver(FromKubelet event) {
        List<ToClient> out;
        synchronized (translator) {
            out = translator.fromKubelet(event);
        }
        apply(out);
    }

    private void apply(List<ToClient> out) {
        try {
            for (ToClient t : out) {
                switch (t) {
                    case ToClient.Send s -> send(s.message());
                    case ToClient.Finish f -> {
                        send(f.status());
                        // A normal close; the client's close frame in reply ends the connection, so keep reading for it.
                        session.close(CloseStatus.NORMAL, "", Callback.NOOP);
                        demand();
                    }
                }
            }
        } catch (IOException e) {
            log.debug("exec/attach client went away: {}", e.toString());
            shutDown();
        }
    }

    private void send(WebSocketMessage message) throws IOException {
        FutureCallback sent = new FutureCallback();
        session.sendFrame(new Frame(message.text() ? OpCode.TEXT : OpCode.BINARY, ByteBuffer.wrap(message.payload())), sent, false);
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw new IOException("cannot write to the WebSocket: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted writing to the WebSocket", e);
        }
    }

    private void demand() {
        if (demanding.compareAndSet(false, true) && !session.isClosed()) session.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        demanding.set(false);
        switch (frame.getOpCode()) {
            case OpCode.PING -> {
                session.sendFrame(new Frame(OpCode.PONG).setPayload(BufferUtil.copy(frame.getPayload())), Callback.NOOP, false);
                callback.succeeded();
                demand();
            }
            case OpCode.CLOSE -> {
                // Jetty answers the close once this returns; the kubelet's side has nothing left to do.
                callback.succeeded();
                shutDown();
            }
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> {
                if (frame.getOpCode() != OpCode.CONTINUATION) {
                    partial.reset();
                    partialText = frame.getOpCode() == OpCode.TEXT;
                }
                ByteBuffer payload = frame.getPayload();
                int length = payload == null ? 0 : payload.remaining();
                if (partial.size() + length > MAX_MESSAGE) {
                    callback.succeeded();
                    session.close(CloseStatus.MESSAGE_TOO_LARGE, "a message over " + MAX_MESSAGE + " bytes", Callback.NOOP);
                    shutDown();
                    return;
                }
                if (length > 0) partial.write(BufferUtil.toArray(payload), 0, length);
                if (frame.isFin()) {
                    WebSocketMessage message = new WebSocketMessage(partialText, partial.toByteArray());
                    partial.reset();
                    toKubelet(message);
                }
                callback.succeeded();
                demand();
            }
            default -> {
                callback.succeeded();
                demand();
            }
        }
    }

    private void toKubelet(WebSocketMessage message) {
        List<ToKubelet> actions;
        synchronized (translator) {
            actions = translator.fromClient(message);
        }
        Optional<SpdyConnection> connection = spdy;
        if (connection.isEmpty()) return; // not demanded before the SPDY session is up, so nothing is lost
        try {
            for (ToKubelet a : actions) {
                switch (a) {
                    case ToKubelet.Data d -> connection.get().data(d.streamId(), d.bytes(), false);
                    case ToKubelet.HalfClose h -> connection.get().data(h.streamId(), new byte[0], true);
                }
            }
        } catch (IOException e) {
            // The reading side sees the broken connection too and ends the session with a Status.
            log.debug("cannot write to the kubelet: {}", e.toString());
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        log.debug("exec/attach WebSocket failed: {}", cause.toString());
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        shutDown();
        callback.succeeded();
    }

    /** The client is gone or closed: the kubelet's connection goes too, which ends the reading thread. */
    private void shutDown() {
        if (closed.compareAndSet(false, true)) spdy.ifPresent(SpdyConnection::close);
    }
}
