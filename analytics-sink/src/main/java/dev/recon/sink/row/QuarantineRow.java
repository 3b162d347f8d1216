package dev.recon.sink.row;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One input row or event that could not be used ({@code quarantine}), with where it came from
 * and why.
 *
 * <p>Assumptions: {@code source} + {@code sourceLine} identify it (file and line, or topic/partition
 * and offset), so quarantining the same line twice keeps one row; {@code rawMasked} has card
 * numbers masked already (the parser's job); {@code kind} is FILE_ROW, EVENT or CALLBACK.
 */
public record QuarantineRow(
        String source,
        long sourceLine,
        String kind,
        String channel,
        LocalDate businessDate,
        String field,
        String reason,
        String rawMasked,
        Instant quarantinedAt) {

    public QuarantineRow {
        ReconResultRow.requireText(source, "source");
        ReconResultRow.requireText(kind, "kind");
        channel = ReconResultRow.orEmpty(channel);
        Objects.requireNonNull(businessDate, "business_date");
        field = ReconResultRow.orEmpty(field);
        ReconResultRow.requireText(reason, "reason");
        rawMasked = ReconResultRow.orEmpty(rawMasked);
        Objects.requireNonNull(quarantinedAt, "quarantined_at");
    }
}
