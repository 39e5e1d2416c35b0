package dev.beluga.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU used so far by this JVM's JIT compiler threads (HotSpot names them "C1 CompilerThreadN" and
 * "C2 CompilerThreadN"), from Linux's per-thread accounting in {@code /proc/self/task}. Java's own
 * management beans report only the compilers' elapsed time, which on a busy machine counts waiting too.
 */
final class JitCompilerCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux reports thread times in clock ticks of 1/100 s (USER_HZ, 100 on every architecture Java runs on here). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private JitCompilerCpu() {}

    /** The compiler threads' user and system CPU in nanoseconds, or empty where /proc cannot tell (not Linux). */
    static OptionalLong nanos() {
        if (!Files.isDirectory(TASKS)) return OptionalLong.empty();
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                ticks += compilerTicks(task.resolve("stat"));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks * NANOS_PER_TICK);
    }

    private static long compilerTicks(Path stat) {
        try {
            return compilerTicks(Files.readString(stat));
        } catch (IOException e) {
            return 0; // the thread ended meanwhile
        }
    }

    /**
     * utime + stime of one {@code /proc/<pid>/task/<tid>/stat} line when its name is a JIT compiler
     * thread's, else 0. The name sits in parentheses and may hold spaces; fields after it are counted from
     * the last ')': state is field 3, utime 14, stime 15.
     */
    static long compilerTicks(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) return 0;
        String name = stat.substring(open + 1, close);
        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) return 0;
        String[] fields = stat.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field k is fields[k - 3].
        if (fields.length < 13) return 0;
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
