package dev.recon.stream;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration option of the job: its key, its default and how its text is read. Declared
 * once as a constant in {@link ReconJobConfig}, so the key, the type and the default cannot drift
 * apart between the code, the documentation and the tests.
 */
public final class Param<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final T defaultValue;
    private final SerializableParser<T> parser;
    private final String description;

    /** A parser that travels with the job graph. */
    public interface SerializableParser<T> extends Function<String, T>, Serializable {
    }

    Param(String key, T defaultValue, SerializableParser<T> parser, String description) {
        this.key = Objects.requireNonNull(key, "key");
        this.defaultValue = defaultValue;
        this.parser = Objects.requireNonNull(parser, "parser");
        this.description = Objects.requireNonNull(description, "description");
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + " '" + text + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return key + " (default " + defaultValue + ")";
    }
}
