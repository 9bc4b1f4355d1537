package dev.chatbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads a process's memory and CPU figures from Linux's /proc. */
final class ProcFs {

    /** The unit of the CPU times in /proc (USER_HZ, 100 on Linux). */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcFs() {}

    /** A numeric field of /proc/PID/status, such as VmRSS (in kB) or Threads. */
    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }

    /** User + system CPU time the process used so far, in seconds. */
    static double cpuSeconds(long pid) throws IOException {
        return cpuTicks(pid) / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** utime + stime of /proc/PID/stat, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        return cpuTicksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    private static long cpuTicksOf(String stat) {
        // The command name is in parentheses and may contain spaces; the fields after it are plain.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * CPU time of the JIT's compiler threads (HotSpot names them "C1 CompilerThreadN" and "C2 CompilerThreadN",
     * which /proc cuts to 15 characters): how much compiling a process is still doing.
     */
    static Duration compilerCpu(long pid) throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm"));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ticks += cpuTicksOf(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended while being read (the JIT stops idle compiler threads): it adds nothing
                }
            }
        }
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    static long selfPid() {
        return ProcessHandle.current().pid();
    }

    static String mib(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0)) + " MiB";
    }
}
