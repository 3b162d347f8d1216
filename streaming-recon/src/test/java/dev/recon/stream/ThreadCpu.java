package dev.recon.stream;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU of this JVM by kind of thread between a {@link #mark()} and a {@link #report}, for
 * {@link KafkaModeBenchmark}: Java threads by name (subtask numbers and pool indexes dropped), and
 * the JVM's own threads that Java cannot see (JIT compilers, garbage collector, VM thread) from
 * {@code /proc/self/task}. What neither accounts for is threads that ended in between.
 */
final class ThreadCpu {

    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ, 100 on Linux

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> javaAtMark = new HashMap<>();
    private Map<String, Long> nativeAtMark = new HashMap<>();
    private double processAtMark;

    void mark() {
        javaAtMark = javaThreads();
        nativeAtMark = jvmThreads();
        processAtMark = processCpuSeconds();
    }

    double processSecondsSinceMark() {
        return processCpuSeconds() - processAtMark;
    }

    /** Lines "  12.3 s  name", largest first, and the process total since the mark. */
    String report(String title) {
        Map<String, Long> byKind = new HashMap<>();
        javaThreads().forEach((id, nanos) -> {
            ThreadInfo t = threads.getThreadInfo(id);
            long spent = nanos - javaAtMark.getOrDefault(id, 0L);
            if (t != null && spent > 0) {
                byKind.merge(kind(t.getThreadName()), spent, Long::sum);
            }
        });
        jvmThreads().forEach((tid, nanos) -> {
            String kind = tid.substring(tid.indexOf(' ') + 1);
            long spent = nanos - nativeAtMark.getOrDefault(tid, 0L);
            if (spent > 0) {
                byKind.merge(kind, spent, Long::sum);
            }
        });
        long total = byKind.values().stream().mapToLong(Long::longValue).sum();
        double process = processSecondsSinceMark();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%s: process %.1f s CPU (threads still alive %.1f s):%n", title, process, total / 1e9));
        byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 50_000_000L).limit(25)
                .forEach(e -> b.append(String.format(Locale.ROOT, "  %6.1f s  %s%n", e.getValue() / 1e9, e.getKey())));
        return b.toString();
    }

    static String kind(String threadName) {
        return threadName.replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "").replaceAll("[-#]?\\d+$", "")
                .replaceAll("producer-[\\w.-]+", "producer");
    }

    private Map<Long, Long> javaThreads() {
        Map<Long, Long> m = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos > 0) {
                m.put(id, nanos);
            }
        }
        return m;
    }

    /** "tid kind" -> CPU nanoseconds of the JVM's threads that {@link ThreadMXBean} does not list. */
    private static Map<String, Long> jvmThreads() {
        Map<String, Long> m = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String kind = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "JIT compiler threads"
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("GC ")
                                    ? "garbage collector threads"
                                    : comm.equals("VM Thread") || comm.startsWith("VM Periodic") ? "VM thread" : null;
                    if (kind != null) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                        m.put(task.getFileName() + " " + kind, ticks * NANOS_PER_TICK);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listed
                }
            });
        } catch (IOException e) {
            // no /proc: Java threads only
        }
        return m;
    }

    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** CPU seconds (user + system) of another process on this machine, from /proc; NaN when it cannot be read. */
    static double processCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, USER_HZ ticks
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
