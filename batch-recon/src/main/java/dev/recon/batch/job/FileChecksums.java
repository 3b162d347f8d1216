package dev.recon.batch.job;

import dev.recon.batch.ReconInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of input files: the identity of an input, whatever its name. */
public final class FileChecksums {

    private FileChecksums() {
    }

    /** The file's SHA-256 in hex; a missing or unreadable file is a user error (exit 1) naming it. */
    public static String sha256(Path file) {
        if (!Files.exists(file)) {
            throw new ReconInputException(file + ": file not found");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ReconInputException(file + ": not a readable file");
        }
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
