package dev.recon.parsers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A named byte stream that can be opened more than once (format detection peeks at the start, then
 * the parser reads from the beginning). The name is what error messages and {@code source} columns
 * print, usually the file path as the user gave it.
 */
public final class InputSource {

    /** Opens a fresh stream positioned at the first byte. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final Opener opener;

    public InputSource(String name, Opener opener) {
        this.name = Objects.requireNonNull(name, "name");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    public static InputSource of(Path path) {
        return new InputSource(path.toString(), () -> Files.newInputStream(path));
    }

    public static InputSource of(String name, byte[] content) {
        return new InputSource(name, () -> new ByteArrayInputStream(content));
    }

    public String name() {
        return name;
    }

    public InputStream open() throws IOException {
        return opener.open();
    }

    @Override
    public String toString() {
        return name;
    }
}
