package dev.recon.stream.records;

import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.event.json.MaskedOriginal;
import dev.recon.core.event.json.RejectionReason;
import java.util.Arrays;
import java.util.Objects;

/**
 * An input line the job refused: where it came from ({@code origin} is the topic/partition or file,
 * {@code position} the offset or line), why, and its original bytes with card numbers masked.
 * The job never fails on bad input; it routes these to the dead-letter topic.
 */
public record DeadLetter(String origin, long position, RejectionReason reason, String field, String detail,
        byte[] original) {

    public DeadLetter {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        original = original == null ? new byte[0] : original;
    }

    public static DeadLetter of(String origin, long position, EventRejectedException e, byte[] rawLine) {
        return new DeadLetter(origin, position, e.reason(), e.field(), e.detail(), MaskedOriginal.of(rawLine));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && position == d.position && origin.equals(d.origin) && reason == d.reason
                && Objects.equals(field, d.field) && detail.equals(d.detail) && Arrays.equals(original, d.original);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, position, reason, field, detail, Arrays.hashCode(original));
    }

    @Override
    public String toString() {
        return "DeadLetter[" + origin + ":" + position + " " + reason + (field == null ? "" : " " + field) + ": "
                + detail + "]";
    }
}
