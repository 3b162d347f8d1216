package dev.recon.cli;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts a job's JVM from a class-data-sharing archive of its own classes (JDK 17 dynamic AppCDS),
 * kept in a cache folder: the batch job's Spring Boot jar and the streaming job's local classpath.
 * At 1k rows the batch job's start (JVM, Spring context) took 5.4-5.8 s wall / 10-11 s CPU from
 * the executable jar and 2.9-3.1 s / 5.1-5.5 s from the archive (docs/benchmarks.md, "batch-recon,
 * session 4", "second pass"); the streaming job on 20k events 9.4-10.1 s CPU plain and 6.9-7.5 s
 * from the archive ("streaming-recon file mode, session 7").
 *
 * <p>The JDK cannot archive classes read from the jars nested in a Spring Boot executable jar, so
 * that jar is first extracted once (Spring Boot's {@code -Djarmode=tools extract}: a thin jar plus
 * lib/) into a folder named after the jar's path, size and time and the JVM's build. The streaming
 * job's classpath is plain jars already, so its slot is named after every jar on it. The first run
 * of a slot writes the archive when it exits ({@code -XX:ArchiveClassesAtExit}, to a file of its
 * own, moved into place only after a successful run); later runs map it. A stale or unreadable
 * archive makes the JVM run without it, so the JVM's CDS log lines are switched off: a user never
 * sees them. Any failure to prepare the cache starts the job as before, without an archive.
 * {@code RECON_CDS=off} turns it off; {@code RECON_CACHE_DIR} moves it (default
 * {@code $XDG_CACHE_HOME/recon} or {@code ~/.cache/recon}).
 */
final class ClassDataCache {

    /** The JVM's CDS logging off: a mismatched archive is ignored without a warning on the user's terminal. */
    static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private static final String BATCH_SLOT_PREFIX = "batch-cds-";
    private static final String STREAM_SLOT_PREFIX = "stream-cds-";
    /** The file in a slot that a run holds a shared lock on while its job runs. */
    private static final String IN_USE = "in-use.lock";

    private final Path root;
    private final String java;

    ClassDataCache(Path root, String java) {
        this.root = root;
        this.java = java;
    }

    /** The cache under the user's cache folder, or null when the user turned it off or there is no home. */
    static ClassDataCache fromEnvironment(Map<String, String> env, String java) {
        if ("off".equalsIgnoreCase(env.getOrDefault("RECON_CDS", ""))) {
            return null;
        }
        Path root = rootFromEnvironment(env);
        return root == null ? null : new ClassDataCache(root, java);
    }

    /**
     * The run cache's folder: {@code RECON_CACHE_DIR}, else {@code $XDG_CACHE_HOME/recon}, else
     * {@code ~/.cache/recon}; null when there is no home. Also the place of the streaming job's copy of
     * Flink's RPC jar ({@link FlinkRpcJar}), which {@code RECON_CDS=off} does not turn off.
     */
    static Path rootFromEnvironment(Map<String, String> env) {
        String dir = env.get("RECON_CACHE_DIR");
        if (dir == null || dir.isBlank()) {
            String xdg = env.get("XDG_CACHE_HOME");
            String home = System.getProperty("user.home");
            if (xdg != null && !xdg.isBlank()) {
                dir = Path.of(xdg, "recon").toString();
            } else if (home != null && !home.isBlank() && !home.equals("?")) {
                dir = Path.of(home, ".cache", "recon").toString();
            } else {
                return null;
            }
        }
        return Path.of(dir);
    }

    /**
     * How to start the job: the JVM options (the archive's), the code to run ({@code -jar JAR} or
     * {@code -cp CLASSPATH}), and what to do after it exits.
     */
    record Launch(List<String> jvmOptions, List<String> code, Path pendingArchive, Path archive, FileChannel slotInUse) {

        Launch(List<String> jvmOptions, List<String> code, Path pendingArchive, Path archive) {
            this(jvmOptions, code, pendingArchive, archive, null);
        }

        static Launch jar(Path jar) {
            return new Launch(List.of(), List.of("-jar", jar.toString()), null, null);
        }

        static Launch classpath(List<Path> jars) {
            return new Launch(List.of(), List.of("-cp", joined(jars)), null, null);
        }

        private static String joined(List<Path> jars) {
            return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
        }

        /** After the run: keep a first run's archive only when the run succeeded, and let go of the slot. */
        void finish(int exitStatus) {
            try {
                keepArchive(exitStatus);
            } finally {
                if (slotInUse != null) {
                    try {
                        slotInUse.close();
                    } catch (IOException ignored) {
                        // Closing releases the lock; the process exits soon anyway.
                    }
                }
            }
        }

        private void keepArchive(int exitStatus) {
            if (pendingArchive == null) {
                return;
            }
            try {
                if (exitStatus == 0 && Files.isRegularFile(pendingArchive) && Files.size(pendingArchive) > 0) {
                    moveIntoPlace(pendingArchive, archive);
                }
            } catch (IOException e) {
                // The next run writes it again.
            } finally {
                try {
                    Files.deleteIfExists(pendingArchive);
                } catch (IOException ignored) {
                    // A leftover temporary file in the cache; harmless.
                }
            }
        }
    }

    /** The launch for the batch job's executable {@code jar}: from the cached archive, or writing it, or (on any trouble) the jar as is. */
    Launch prepare(Path jar) {
        try {
            Path slot = root.resolve(BATCH_SLOT_PREFIX + key(List.of(jar)));
            FileChannel inUse = holdSlot(slot);
            if (inUse == null) {
                return Launch.jar(jar);
            }
            try {
                Path app = slot.resolve("app");
                if (!Files.isDirectory(app)) {
                    extract(jar, slot, app);
                }
                removeOtherSlots(BATCH_SLOT_PREFIX, slot);
                Path thin = app.resolve(jar.getFileName().toString());
                if (!Files.isRegularFile(thin)) {
                    inUse.close();
                    return Launch.jar(jar);
                }
                return archived(slot, List.of("-jar", thin.toString()), inUse);
            } catch (IOException | RuntimeException | InterruptedException e) {
                inUse.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            return Launch.jar(jar);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Launch.jar(jar);
        }
    }

    /**
     * The launch for a plain classpath of jars (the streaming job's): from the cached archive, or
     * writing it, or (on any trouble, or a folder on the classpath, which the JDK cannot archive
     * from) the classpath as is.
     */
    Launch prepareClasspath(List<Path> jars) {
        try {
            for (Path jar : jars) {
                if (!Files.isRegularFile(jar)) {
                    return Launch.classpath(jars);
                }
            }
            Path slot = root.resolve(STREAM_SLOT_PREFIX + key(jars));
            FileChannel inUse = holdSlot(slot);
            if (inUse == null) {
                return Launch.classpath(jars);
            }
            removeOtherSlots(STREAM_SLOT_PREFIX, slot);
            return archived(slot, Launch.classpath(jars).code(), inUse);
        } catch (IOException | RuntimeException e) {
            return Launch.classpath(jars);
        }
    }

    private static Launch archived(Path slot, List<String> code, FileChannel inUse) {
        Path archive = slot.resolve("classes.jsa");
        List<String> options = new java.util.ArrayList<>(QUIET);
        if (Files.isRegularFile(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
            return new Launch(List.copyOf(options), code, null, null, inUse);
        }
        Path pending = slot.resolve("classes-" + ProcessHandle.current().pid() + ".jsa.tmp");
        options.add("-XX:ArchiveClassesAtExit=" + pending);
        return new Launch(List.copyOf(options), code, pending, archive, inUse);
    }

    /**
     * Marks {@code slot} as in use until the launch finishes: a shared lock on its lock file, which
     * a run of another build takes exclusively before it removes the slot. Without it, two builds run
     * side by side (two checkouts, or a benchmark's before and after) removed each other's slot under
     * a running job: its JVM could not write the archive it was told to and failed at exit, after
     * its outputs were written. Null when the slot was removed while this run was getting the lock.
     */
    private static FileChannel holdSlot(Path slot) throws IOException {
        Files.createDirectories(slot);
        Path lockFile = slot.resolve(IN_USE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        try {
            // Shared: runs of the same build go side by side; waits only while a remover holds it.
            channel.lock(0, Long.MAX_VALUE, true);
            if (!Files.isRegularFile(lockFile)) {
                channel.close();
                return null;
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Names the jars' builds and the JVM's: a rebuilt jar or another JDK gets a fresh slot. */
    private String key(List<Path> jars) throws IOException {
        StringBuilder identity = new StringBuilder();
        for (Path jar : jars) {
            Path real = jar.toRealPath();
            identity.append(real).append('\n').append(Files.size(real)).append('\n')
                    .append(Files.getLastModifiedTime(real).toMillis()).append('\n');
        }
        identity.append(java).append('\n').append(System.getProperty("java.vm.version"));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Spring Boot's own extraction, into a folder of this process's, renamed into place when whole. */
    private void extract(Path jar, Path slot, Path app) throws IOException, InterruptedException {
        Files.createDirectories(slot);
        Path staging = Files.createTempDirectory(slot, "extract-");
        try {
            Path into = staging.resolve("app");
            Process process = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--destination", into.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor() != 0) {
                throw new IOException("extracting " + jar + " failed");
            }
            try {
                Files.move(into, app, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Another run extracted the same jar first; theirs is as good.
            }
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Slots of other builds: each holds an archive (~60 MB) and, for the batch jar, an extracted copy
     * (~140 MB), so only the newest is kept, except a slot a running job still uses (its lock is
     * held): that one goes at a later run.
     */
    private void removeOtherSlots(String prefix, Path keep) {
        try (Stream<Path> slots = Files.list(root)) {
            for (Path slot : slots.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> !p.equals(keep)).toList()) {
                try (FileChannel channel = FileChannel.open(slot.resolve(IN_USE), StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    if (channel.tryLock() != null) {
                        deleteTree(slot);
                    }
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    // In use by a launch of this very process.
                } catch (IOException e) {
                    // Gone already, or not ours to remove.
                }
            }
        } catch (IOException ignored) {
            // Best effort: an old slot left behind costs disk, not correctness.
        }
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // Best effort, as above.
        }
    }
}
