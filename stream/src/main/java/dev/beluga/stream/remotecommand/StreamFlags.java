package dev.beluga.stream.remotecommand;

/** Which of the command's streams the client asked for (exec and attach's stdin, stdout, stderr and tty parameters). */
public record StreamFlags(boolean stdin, boolean stdout, boolean stderr, boolean tty) {}
