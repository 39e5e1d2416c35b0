package dev.beluga.kubelet.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;

/** Java's network errors in the words of Go's net package, which upstream's probe messages carry. */
final class GoErrors {
    private GoErrors() {}

    static String dial(IOException e) {
        if (e instanceof SocketTimeoutException) return "i/o timeout";
        if (e instanceof NoRouteToHostException) return "connect: no route to host";
        if (e instanceof ConnectException) {
            String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase();
            if (m.contains("refused")) return "connect: connection refused";
            if (m.contains("timed out")) return "i/o timeout";
            return "connect: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
