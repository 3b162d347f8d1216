package dev.recon.batch.landing;

import dev.recon.core.match.ReconOutcome;
import dev.recon.core.result.ReconResult;
import dev.recon.sink.ReconResultStores;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.elasticsearch.ElasticsearchSinkConfig;
import dev.recon.sink.row.ReconResultRow;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Lands a day's results in ClickHouse and/or Elasticsearch through analytics-sink, whichever is
 * configured. Idempotent by construction: rows carry the results' own recon_id and version (from
 * the data), so ClickHouse's ReplacingMergeTree keeps one current row per id and Elasticsearch's
 * external versioning refuses a replay; landing the same day twice changes no total.
 *
 * <p>Each store gets the whole day and is flushed before the step commits, so a killed run lands
 * again on restart (replacing, not adding). Documents Elasticsearch refuses are reported on stderr
 * with the reason and counted; they do not stop the day.
 */
public final class AnalyticsResultLanding implements ResultLanding {

    private final ClickHouseSinkConfig clickHouse;
    private final ElasticsearchSinkConfig elasticsearch;
    private final PrintStream progress;

    public AnalyticsResultLanding(ClickHouseSinkConfig clickHouse, ElasticsearchSinkConfig elasticsearch,
                                  PrintStream progress) {
        if (clickHouse == null && elasticsearch == null) {
            throw new IllegalArgumentException("neither ClickHouse nor Elasticsearch is configured");
        }
        this.clickHouse = clickHouse;
        this.elasticsearch = elasticsearch;
        this.progress = progress;
    }

    @Override
    public void land(String channel, LocalDate businessDate, long version, ReconOutcome outcome) throws Exception {
        // decided_at comes from the data: the business day being closed, never the wall clock
        var decidedAt = businessDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<ReconResultRow> rows = new ArrayList<>(outcome.results().size());
        for (ReconResult result : outcome.results()) {
            rows.add(ReconResultRow.from(result, decidedAt, null));
        }
        try (ReconResultStores stores = ReconResultStores.open(clickHouse, elasticsearch, YearMonth.from(businessDate),
                rejected -> progress.printf("recon batch: Elasticsearch refused recon_id %s: %s%n", rejected.id(),
                        rejected.reason()))) {
            stores.writeAll(rows);
            stores.flush();
            progress.printf("recon batch: %s %s: %s%n", channel, businessDate, stores.describe());
        }
    }
}
