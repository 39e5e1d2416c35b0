package dev.beluga.client.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import io.fabric8.kubernetes.api.model.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP watch: a virtual thread waits for the response, then reads the stream of JSON events and
 * tells the handler, in order, on that one thread. It ends with exactly one {@code onClose}: empty
 * when the caller closed it or the server ended the stream, the Status of an ERROR event or of a
 * failed request otherwise.
 */
final class WatchStream<T> implements WatchHandle {
    private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);

    private final String description;
    private final Class<T> objectType;
    private final WatchHandler<T> handler;
    private final Function<Throwable, StatusException> unreachable;
    private final Consumer<WatchStream<?>> ended;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CompletableFuture<HttpResponse<InputStream>> response;
    private volatile InputStream body;

    /**
     * @param unreachable turns a failed request (connection refused, TLS, timeout) into the Status to end with
     * @param ended       told once the watch has ended and onClose was delivered
     */
    WatchStream(String description, Class<T> objectType, WatchHandler<T> handler, Function<Throwable, StatusException> unreachable,
                Consumer<WatchStream<?>> ended) {
        this.description = description;
        this.objectType = objectType;
        this.handler = handler;
        this.unreachable = unreachable;
        this.ended = ended;
    }

    /** Starts the reading thread on the pending response. */
    void start(CompletableFuture<HttpResponse<InputStream>> pending) {
        this.response = pending;
        Thread.ofVirtual().name("watch " + description).start(this::run);
    }

    private void run() {
        Optional<StatusException> end = Optional.empty();
        try {
            end = follow();
        } catch (RuntimeException | Error e) {
            LOG.error("watch {} failed", description, e);
            end = Optional.of(StatusException.internal("the watch of " + description + " failed: " + e));
        } finally {
            release();
            try {
                handler.onClose(closed.get() ? Optional.empty() : end);
            } catch (RuntimeException e) {
                LOG.error("watch {}: the handler's onClose failed", description, e);
            }
            ended.accept(this);
        }
    }

    private Optional<StatusException> follow() {
        HttpResponse<InputStream> r;
        try {
            r = response.get();
        } catch (CancellationException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return closed.get() ? Optional.empty() : Optional.of(unreachable.apply(e.getCause()));
        }
        body = r.body();
        if (closed.get()) return Optional.empty();
        if (r.statusCode() / 100 != 2) {
            try {
                return Optional.of(ErrorResponses.of(r.statusCode(), r.body().readAllBytes()));
            } catch (IOException e) {
                return Optional.of(ErrorResponses.of(r.statusCode(), new byte[0]));
            }
        }
        try (JsonParser p = Json.MAPPER.createParser(r.body())) {
            while (!closed.get() && p.nextToken() != null) {
                switch (WatchLine.read(p, objectType)) {
                    case WatchLine.Change<T> c -> {
                        if (closed.get()) return Optional.empty();
                        if (!deliver(() -> handler.onEvent(c.type(), c.object()))) return Optional.of(handlerFailed());
                    }
                    case WatchLine.Bookmark<T> b -> {
                        if (!deliver(() -> handler.onBookmark(b.resourceVersion()))) return Optional.of(handlerFailed());
                    }
                    case WatchLine.Failure<T> f -> {
                        return Optional.of(new StatusException(complete(f.status())));
                    }
                    case WatchLine.Unrecognized<T> u -> LOG.debug("watch {}: skipping an event of type {}", description, u.type());
                }
            }
            return Optional.empty();
        } catch (JsonEOFException cutShort) {
            // The connection ended inside an event: the stream is over, as when it ends between events.
            return Optional.empty();
        } catch (JsonProcessingException e) {
            if (closed.get()) return Optional.empty();
            return Optional.of(StatusException.internal("undecodable watch event from " + description + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            // A broken connection (server restart, network) ends the watch without error, as client-go's
            // watch does: the caller resumes from its last resourceVersion, and a server that is really
            // gone answers that next request with 503.
            if (!closed.get()) LOG.debug("watch {} stream ended: {}", description, e.toString());
            return Optional.empty();
        }
    }

    /** Runs one handler call; false when it threw (logged), which ends the watch. */
    private boolean deliver(Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            LOG.error("watch {}: the handler failed; ending the watch", description, e);
            return false;
        }
    }

    private StatusException handlerFailed() {
        return StatusException.internal("the handler of the watch of " + description + " failed");
    }

    private static Status complete(Status status) {
        if (status.getCode() == null || status.getCode() == 0) status.setCode(500);
        if (status.getReason() == null || status.getReason().isEmpty()) status.setReason(ErrorResponses.reason(status.getCode()));
        if (status.getMessage() == null) status.setMessage("");
        return status;
    }

    /** Aborts the stream; the reading thread then ends and calls onClose(empty). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        CompletableFuture<HttpResponse<InputStream>> pending = response;
        if (pending != null) pending.cancel(true);
        release();
    }

    /** Closes the response body (which aborts the exchange when it is not read to its end). */
    private void release() {
        InputStream in = body;
        if (in == null) return;
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("watch {}: closing the stream: {}", description, e.toString());
        }
    }

    @Override
    public String toString() {
        return "watch " + description;
    }
}
