package dev.recon.core.settlement;

import java.util.Objects;

/**
 * Where a record came from: a file and 1-based line, or a topic, partition and offset. Printed as
 * {@code file:line} so an operator can open the exact row.
 */
public record SourceLocation(String origin, long line) {

    public SourceLocation {
        Objects.requireNonNull(origin, "origin");
    }

    public static SourceLocation ofFile(String file, long line) {
        return new SourceLocation(file, line);
    }

    public static SourceLocation ofKafka(String topic, int partition, long offset) {
        return new SourceLocation(topic + "/" + partition, offset);
    }

    @Override
    public String toString() {
        return origin + ":" + line;
    }
}
