package dev.recon.core.match;

import dev.recon.core.config.ReconConfig;
import dev.recon.core.result.ReconMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What a decision depends on besides the records: the mode, the configuration, the version to
 * stamp on results (from the data: a file sequence, an offset or an event time; never the wall
 * clock) and "now" in data time: the business date being reconciled (batch) or the watermark
 * (stream). With {@code endOfInput} every open item is decided as if its timeout had passed.
 */
public record ReconContext(
        ReconMode mode,
        ReconConfig config,
        long version,
        LocalDate businessDate,
        Instant watermark,
        boolean endOfInput) {

    public ReconContext {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(config, "config");
        if (mode == ReconMode.BATCH && businessDate == null) {
            throw new IllegalArgumentException("a batch reconciliation needs its business date");
        }
        if (mode == ReconMode.STREAM && watermark == null && !endOfInput) {
            throw new IllegalArgumentException("a stream decision needs the watermark (or endOfInput)");
        }
    }

    public static ReconContext batch(ReconConfig config, LocalDate businessDate, long version) {
        return new ReconContext(ReconMode.BATCH, config, version, businessDate, null, false);
    }

    public static ReconContext stream(ReconConfig config, Instant watermark, long version) {
        return new ReconContext(ReconMode.STREAM, config, version, null, watermark, false);
    }

    public ReconContext atEndOfInput() {
        return new ReconContext(mode, config, version, businessDate, watermark, true);
    }

    public ReconContext withVersion(long v) {
        return new ReconContext(mode, config, v, businessDate, watermark, endOfInput);
    }
}
