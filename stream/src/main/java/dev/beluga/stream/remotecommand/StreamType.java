package dev.beluga.stream.remotecommand;

/**
 * remotecommand's streams: the value of the SPDY {@code streamType} header and the WebSocket channel
 * number of each (k8s.io/apimachinery/pkg/util/remotecommand's StreamStdIn..StreamResize).
 */
public enum StreamType {
    STDIN("stdin", 0),
    STDOUT("stdout", 1),
    STDERR("stderr", 2),
    /** The Status of the command (v4: the exit code in details.causes, reason ExitCode). */
    ERROR("error", 3),
    /** Terminal sizes as JSON {@code {"Width":..,"Height":..}}. */
    RESIZE("resize", 4);

    /** The SPDY header that names a stream's type (spelled lower-case, as SPDY/3 requires). */
    public static final String HEADER = "streamtype";

    private final String header;
    private final int channel;

    StreamType(String header, int channel) {
        this.header = header;
        this.channel = channel;
    }

    public String header() {
        return header;
    }

    public int channel() {
        return channel;
    }
}
