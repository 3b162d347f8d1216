package dev.recon.testkit;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and stops server processes by PID, JDK classes only (the {@code stop-all} command runs with
 * nothing else on its classpath). A PID is trusted only if the process start time matches the one
 * recorded, because a PID from a crashed run may since belong to an unrelated process.
 */
final class ProcessTree {
    /** Start times read from /proc are rounded to clock ticks; allow some slack when comparing. */
    private static final long START_TOLERANCE_MILLIS = 2_000;

    private ProcessTree() {
    }

    /** The live process with this PID, if it is the one that started at {@code startMillis} (-1: do not check). */
    static Optional<ProcessHandle> live(long pid, long startMillis) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> {
            if (startMillis < 0) {
                return true;
            }
            Optional<Instant> started = handle.info().startInstant();
            return started.isEmpty() || Math.abs(started.get().toEpochMilli() - startMillis) <= START_TOLERANCE_MILLIS;
        });
    }

    static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    /**
     * Sends {@code signal} (TERM or INT) to the process and its descendants, waits up to {@code grace}
     * for them to exit, then kills whatever is left and waits up to 10 s more.
     *
     * @return true when no process of the tree is alive any more
     */
    static boolean stop(long pid, long startMillis, String signal, Duration grace) {
        Optional<ProcessHandle> root = live(pid, startMillis);
        if (root.isEmpty()) {
            return true;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root.get());
        root.get().descendants().forEach(tree::add);
        if ("TERM".equals(signal)) {
            tree.forEach(ProcessHandle::destroy);
        } else {
            // Only the root: PostgreSQL's postmaster shuts its own children down on SIGINT.
            sendSignal(pid, signal);
        }
        if (waitForExit(tree, grace)) {
            return true;
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        return waitForExit(tree, Duration.ofSeconds(10));
    }

    private static boolean waitForExit(List<ProcessHandle> tree, Duration timeout) {
        Deadline deadline = Deadline.in(timeout);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Still alive (or interrupted): checked below.
            }
        }
        return tree.stream().noneMatch(ProcessHandle::isAlive);
    }

    private static void sendSignal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
