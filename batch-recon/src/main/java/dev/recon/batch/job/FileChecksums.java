package dev.recon.batch.job;

import dev.recon.batch.ReconInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** SHA-256 of input files: the identity of an input, whatever its name. */
public final class FileChecksums {

    private FileChecksums() {
    }

    /** The file's SHA-256 in hex; a missing or unreadable file is a user error (exit 1) naming it. */
    public static String sha256(Path file) {
        requireReadable(file);
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new ReconInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A missing or unreadable file is a user error (exit 1) naming it. */
    public static void requireReadable(Path file) {
        if (!Files.exists(file)) {
            throw new ReconInputException(file + ": file not found");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ReconInputException(file + ": not a readable file");
        }
    }

    /**
     * Starts hashing {@code files}, in order, on a thread of its own and returns their checksums to
     * come ({@link #sha256}'s text). Every file is checked to exist and be readable here, first and in
     * order, so a wrong path still fails at once with the same message. The launcher hashes the inputs
     * while the Spring context starts: at 1M rows per side that is 250 MB, about 0.5 s of a JVM that
     * has not compiled the digest yet, which the run used to wait for before starting anything else.
     */
    public static Function<Path, String> inBackground(List<Path> files) {
        for (Path f : files) {
            requireReadable(f);
        }
        // A file named twice is hashed once.
        Map<Path, CompletableFuture<String>> sums = new LinkedHashMap<>();
        for (Path f : files) {
            sums.putIfAbsent(f, new CompletableFuture<>());
        }
        Thread hasher = new Thread(() -> {
            for (Map.Entry<Path, CompletableFuture<String>> e : sums.entrySet()) {
                CompletableFuture<String> sum = e.getValue();
                try {
                    sum.complete(sha256(e.getKey()));
                } catch (RuntimeException | Error failure) {
                    sum.completeExceptionally(failure);
                }
            }
        }, "input-checksums");
        hasher.setDaemon(true);
        hasher.start();
        return file -> {
            CompletableFuture<String> sum = sums.get(file);
            if (sum == null) {
                throw new IllegalArgumentException(file + " was not given to inBackground");
            }
            try {
                return sum.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        };
    }

    /** One checksum for an ordered list of checksums. */
    public static String combine(List<String> checksums) {
        MessageDigest md = digest();
        for (String c : checksums) {
            md.update(c.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            md.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
