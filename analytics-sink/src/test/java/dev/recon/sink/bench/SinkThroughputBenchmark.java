package dev.recon.sink.bench;

import dev.recon.sink.SampleResults;
import dev.recon.sink.clickhouse.ClickHouseBatchWriter;
import dev.recon.sink.clickhouse.ClickHouseMigrations;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.clickhouse.ReconResultsTable;
import dev.recon.sink.clickhouse.RowBinaryOutput;
import dev.recon.sink.elasticsearch.ElasticsearchBulkWriter;
import dev.recon.sink.elasticsearch.ElasticsearchSinkConfig;
import dev.recon.sink.elasticsearch.ReconIndexLayout;
import dev.recon.sink.row.ReconResultRow;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the writers end to end (row creation, encoding, transfer, server work) against
 * running servers; a benchmark command, not a test:
 * <pre>
 * java -cp ... dev.recon.sink.bench.SinkThroughputBenchmark CLICKHOUSE_URL ES_URL [CH_ROWS] [ES_DOCS]
 * </pre>
 * Prints rows/s for: RowBinary encoding alone, ClickHouse inserts (100k-row batches), Elasticsearch
 * bulk (5,000-document batches). Each figure is the best of three runs after one warm-up run.
 */
public final class SinkThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        String clickHouse = args[0];
        String elasticsearch = args[1];
        int chRows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int esDocs = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        LocalDate day = LocalDate.of(2026, 11, 20);

        double encode = 0;
        for (int run = 0; run < 4; run++) {
            RowBinaryOutput out = new RowBinaryOutput(64 << 20);
            long start = System.nanoTime();
            for (int i = 0; i < chRows; i++) {
                if (out.size() > (60 << 20)) {
                    out.reset();
                }
                ReconResultsTable.INSTANCE.encode(SampleResults.row("bench", day, i, run), out);
            }
            double rate = chRows / ((System.nanoTime() - start) / 1e9);
            encode = run == 0 ? 0 : Math.max(encode, rate);
        }
        System.out.printf(Locale.ROOT, "RowBinary encoding (incl. row creation): %,.0f rows/s%n", encode);

        ClickHouseSinkConfig ch = ClickHouseSinkConfig.of(clickHouse, "bench").withBatching(100_000, 4);
        double chBest = 0;
        try (com.clickhouse.client.api.Client client = ch.newClient()) {
            new ClickHouseMigrations(client, ch.database()).apply();
            for (int run = 0; run < 4; run++) {
                long start = System.nanoTime();
                try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(client, ch, ReconResultsTable.INSTANCE)) {
                    for (int i = 0; i < chRows; i++) {
                        writer.write(SampleResults.row("bench-" + run, day, i, 1));
                    }
                    writer.flush();
                }
                double rate = chRows / ((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "  ClickHouse run %d: %,.0f rows/s%n", run, rate);
                chBest = run == 0 ? 0 : Math.max(chBest, rate);
            }
        }
        System.out.printf(Locale.ROOT, "ClickHouse insert, %,d rows in 100k batches: %,.0f rows/s%n", chRows, chBest);

        ElasticsearchSinkConfig es = ElasticsearchSinkConfig.of(elasticsearch).withIndexPrefix("bench").withBulk(5_000, 4);
        double esBest = 0;
        AtomicLong rejected = new AtomicLong();
        try (org.elasticsearch.client.RestClient client = es.newRestClient()) {
            new ReconIndexLayout(es.indexPrefix()).install(client, YearMonth.from(day));
            for (int run = 0; run < 4; run++) {
                long start = System.nanoTime();
                try (ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(client, es, r -> rejected.incrementAndGet())) {
                    for (int i = 0; i < esDocs; i++) {
                        writer.write(SampleResults.row("bench-" + run, day, i, 1));
                    }
                    writer.flush();
                }
                double rate = esDocs / ((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "  Elasticsearch run %d: %,.0f docs/s%n", run, rate);
                esBest = run == 0 ? 0 : Math.max(esBest, rate);
            }
        }
        System.out.printf(Locale.ROOT, "Elasticsearch bulk, %,d docs in 5,000-doc batches: %,.0f docs/s (%d rejected)%n",
                esDocs, esBest, rejected.get());
    }
}
