package dev.recon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The folder that holds one build's service records ({@code <service>.properties}), lock files and
 * the services' data and logs. Resolved, in order, from the system property
 * {@code recon.testkit.state}, the environment variable {@code RECON_TEST_STATE_DIR}, else
 * {@code /tmp/recon-test-services/<hash of the repository root>}: outside {@code target/} so that
 * {@code mvn clean} never loses the PIDs of running servers, and per checkout so two clones on one
 * machine do not share servers. JDK classes only (used by {@code stop-all}).
 */
final class StateDirectory {
    static final String STATE_PROPERTY = "recon.testkit.state";
    static final String STATE_ENV = "RECON_TEST_STATE_DIR";
    static final String REPO_ROOT_PROPERTY = "recon.repo.root";
    private static final String RECORD_SUFFIX = ".properties";

    /** FileChannel locks are per JVM, not per thread: this serialises threads of one JVM first. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    StateDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
        createTraversable(this.root);
    }

    static StateDirectory resolve() {
        return new StateDirectory(resolvePath());
    }

    static Path resolvePath() {
        String explicit = System.getProperty(STATE_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit.trim());
        }
        String fromEnv = System.getenv(STATE_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim());
        }
        return Path.of(System.getProperty("java.io.tmpdir", "/tmp"), "recon-test-services", shortHash(repositoryRoot()));
    }

    /** The checkout this build runs in: {@code recon.repo.root}, else the nearest parent of the working directory holding {@code mvnw}. */
    static Path repositoryRoot() {
        String explicit = System.getProperty(REPO_ROOT_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit.trim()).toAbsolutePath().normalize();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("recon-test-kit"))) {
                return candidate;
            }
        }
        return dir;
    }

    static String shortHash(Path path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(path.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    Path root() {
        return root;
    }

    Path recordFile(String service) {
        return root.resolve(service + RECORD_SUFFIX);
    }

    /** The service's own folder (data, config, logs); created world-traversable so a non-root server user can reach it. */
    Path serviceDir(String service) {
        Path dir = root.resolve(service);
        createTraversable(dir);
        return dir;
    }

    Optional<ServiceRecord> read(String service) {
        Path file = recordFile(service);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServiceRecord.readFrom(file));
        } catch (RuntimeException e) {
            // A record that cannot be parsed is as good as none; it is replaced by the next start.
            return Optional.empty();
        }
    }

    void write(ServiceRecord record) {
        record.writeTo(recordFile(record.service()));
    }

    void delete(String service) {
        try {
            Files.deleteIfExists(recordFile(service));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete record of " + service, e);
        }
    }

    List<ServiceRecord> all() {
        List<ServiceRecord> records = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root, "*" + RECORD_SUFFIX)) {
            for (Path file : files) {
                try {
                    records.add(ServiceRecord.readFrom(file));
                } catch (RuntimeException e) {
                    System.err.println("ignoring unreadable service record " + file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        records.sort((a, b) -> a.service().compareTo(b.service()));
        return records;
    }

    /**
     * Takes the cross-JVM lock of one service, waiting at most {@code timeout} (another JVM may be in
     * the middle of a cold Elasticsearch boot, so callers pass minutes, not seconds).
     */
    ServiceLock lock(String service, Duration timeout) {
        Path file = root.resolve(service + ".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        Deadline deadline = Deadline.in(timeout);
        try {
            if (!jvmLock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for the in-JVM lock of " + service);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the lock of " + service, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock != null) {
                    return new ServiceLock(channel, lock, jvmLock);
                }
                if (deadline.expired()) {
                    throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + file
                            + ": another build or test JVM is starting " + service + " (or hung doing so)");
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            jvmLock.unlock();
            throw new UncheckedIOException("cannot lock " + file, e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            jvmLock.unlock();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            jvmLock.unlock();
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock; nothing else to do.
            }
        }
    }

    static void createTraversable(Path dir) {
        try {
            Files.createDirectories(dir);
            // Elasticsearch and PostgreSQL run as other users and must reach their folders below this one.
            for (Path p = dir; p != null && p.startsWith(Path.of(System.getProperty("java.io.tmpdir", "/tmp"))); p = p.getParent()) {
                if (p.getNameCount() <= 1) {
                    break;
                }
                try {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (IOException | UnsupportedOperationException e) {
                    break; // Not ours (another user's folder): leave it as it is.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Held while a service is started, stopped or inspected; closing releases it. */
    static final class ServiceLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final ReentrantLock jvmLock;

        private ServiceLock(FileChannel channel, FileLock lock, ReentrantLock jvmLock) {
            this.channel = channel;
            this.lock = lock;
            this.jvmLock = jvmLock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                jvmLock.unlock();
            }
        }
    }

    /** Removes a folder tree; data folders may belong to the server's own user, which root can still delete. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
