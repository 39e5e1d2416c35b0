package dev.beluga.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client's connection becomes after a proxied 101: bytes from the client go to the upstream
 * socket as they arrive, and a virtual thread copies the upstream's bytes back. Either side ending
 * closes both (remotecommand's half-closes happen inside its framing, not on TCP).
 */
final class SplicedConnection extends AbstractConnection implements Connection.UpgradeTo {
    private static final Logger log = LoggerFactory.getLogger(SplicedConnection.class);

    private final Socket upstream;
    private final InputStream upstreamIn;
    private final OutputStream upstreamOut;
    private final ByteBuffer buffer = BufferUtil.allocate(16 * 1024);
    private volatile ByteBuffer early = BufferUtil.EMPTY_BUFFER;

    SplicedConnection(EndPoint endPoint, Executor executor, Socket upstream, InputStream upstreamIn, OutputStream upstreamOut) {
        super(endPoint, executor);
        this.upstream = upstream;
        this.upstreamIn = upstreamIn;
        this.upstreamOut = upstreamOut;
    }

    @Override
    public void onUpgradeTo(ByteBuffer prefilled) {
        // Bytes the client sent right behind its request head, read by the HTTP parser already.
        if (BufferUtil.hasContent(prefilled)) {
            ByteBuffer copy = ByteBuffer.allocate(prefilled.remaining());
            copy.put(prefilled).flip();
            early = copy;
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().setIdleTimeout(UpgradeSplice.IDLE_TIMEOUT.toMillis());
        try {
            if (early.hasRemaining()) {
                upstreamOut.write(early.array(), early.arrayOffset() + early.position(), early.remaining());
                upstreamOut.flush();
            }
        } catch (IOException e) {
            close();
            return;
        }
        Thread.ofVirtual().name("splice-upstream").start(this::copyUpstreamToClient);
        fillInterested();
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                BufferUtil.clear(buffer);
                int n = getEndPoint().fill(buffer);
                if (n > 0) {
                    upstreamOut.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                    upstreamOut.flush();
                } else if (n == 0) {
                    fillInterested();
                    return;
                } else {
                    close();
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("spliced stream ended on the client's side: {}", e.toString());
            close();
        }
    }

    private void copyUpstreamToClient() {
        byte[] chunk = new byte[16 * 1024];
        try {
            int n;
            while ((n = upstreamIn.read(chunk)) >= 0) {
                if (n == 0) continue;
                FutureCallback written = new FutureCallback();
                getEndPoint().write(written, ByteBuffer.wrap(chunk, 0, n));
                written.get();
            }
        } catch (IOException | ExecutionException e) {
            log.debug("spliced stream ended on the upstream's side: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        try {
            upstream.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        super.close();
    }

    @Override
    public void onClose(Throwable cause) {
        try {
            upstream.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        super.onClose(cause);
    }
}
