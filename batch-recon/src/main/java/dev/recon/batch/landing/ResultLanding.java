package dev.recon.batch.landing;

import dev.recon.core.match.ReconOutcome;
import java.time.LocalDate;

/**
 * Extension point: where a day's results go besides the operational database and the output
 * folder. The intended implementation lands them in ClickHouse ({@code recon_results},
 * ReplacingMergeTree on version) and Elasticsearch (document id = recon_id, external version)
 * through analytics-sink ({@code dev.recon.sink.*}); until that is wired, {@link #NONE} is used.
 * Implementations must be idempotent: the same day and inputs land again with the same ids and
 * version, replacing and never adding.
 */
@FunctionalInterface
public interface ResultLanding {

    ResultLanding NONE = (channel, date, version, outcome) -> { };

    void land(String channel, LocalDate businessDate, long version, ReconOutcome outcome) throws Exception;
}
