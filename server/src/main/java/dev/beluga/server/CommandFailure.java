package dev.beluga.server;

/**
 * A failure the user can act on (port in use, unwritable data dir, server never ran): its message
 * says everything, so it is printed without a stack trace.
 */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The innermost cause, whose message usually names the real problem (errno text, SQL error). */
    static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
