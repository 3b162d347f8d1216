package dev.recon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code spawned.pids} in a service folder: every server process the kit spawned there (PID and
 * start time), written the moment it is spawned, before it is ready and before its record exists.
 * A test JVM that dies in the middle of a start leaves a server without a record; the next start or
 * {@code stop-all} reads this file and kills it, so no orphan survives. JDK classes only.
 */
final class SpawnLog {
    static final String FILE = "spawned.pids";
    /**
     * PostgreSQL's postmaster daemonizes inside {@code pg_ctl start}, before the kit can note it; its
     * own pid file names it. Trusted only if the process's command line names this service folder.
     */
    private static final String POSTGRES_PID_FILE = "data/postmaster.pid";

    private SpawnLog() {
    }

    static void note(Path serviceDir, long pid) {
        long start = ProcessHandle.of(pid).map(ProcessTree::startMillis).orElse(-1L);
        try {
            Files.writeString(serviceDir.resolve(FILE), pid + " " + start + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot note spawned pid " + pid + " in " + serviceDir, e);
        }
    }

    /**
     * Stops every still-running process noted in {@code serviceDir} (TERM, then KILL after {@code grace}).
     *
     * @return the PIDs that were alive and are now stopped
     */
    static List<Long> stopNoted(Path serviceDir, Duration grace) {
        List<Long> stopped = new ArrayList<>();
        stopDaemonNamingTheFolder(serviceDir, serviceDir.resolve(POSTGRES_PID_FILE), grace).ifPresent(stopped::add);
        Path file = serviceDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return stopped;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length != 2) {
                    continue;
                }
                long pid = Long.parseLong(parts[0]);
                long start = Long.parseLong(parts[1]);
                if (ProcessTree.live(pid, start).isPresent()) {
                    ProcessTree.stop(pid, start, "TERM", grace);
                    stopped.add(pid);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // An unreadable note cannot name anything to stop.
        }
        return stopped;
    }

    private static java.util.Optional<Long> stopDaemonNamingTheFolder(Path serviceDir, Path pidFile, Duration grace) {
        if (!Files.isRegularFile(pidFile)) {
            return java.util.Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
            boolean ours = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(handle -> handle.info().commandLine())
                    .filter(commandLine -> commandLine.contains(serviceDir.toString()))
                    .isPresent();
            if (ours && ProcessTree.stop(pid, -1, "INT", grace)) {
                return java.util.Optional.of(pid);
            }
        } catch (IOException | RuntimeException e) {
            // No readable PID: nothing to stop.
        }
        return java.util.Optional.empty();
    }

    /** Service folders under {@code root} that name spawned processes, with or without a record. */
    static List<Path> serviceDirs(Path root) {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return dirs;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path child : children) {
                if (Files.isRegularFile(child.resolve(FILE)) || Files.isRegularFile(child.resolve(POSTGRES_PID_FILE))) {
                    dirs.add(child);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return dirs;
    }
}
