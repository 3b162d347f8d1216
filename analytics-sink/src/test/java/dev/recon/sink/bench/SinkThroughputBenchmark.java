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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the writers end to end (row creation, encoding, transfer, server work) against
 * running servers; a benchmark command, not a test:
 * <pre>
 * java -Xmx3g -cp ... dev.recon.sink.bench.SinkThroughputBenchmark CLICKHOUSE_URL ES_URL [CH_ROWS] [ES_DOCS]
 * </pre>
 * Prints rows/s for: RowBinary encoding alone, ClickHouse inserts (100k-row batches), Elasticsearch
 * bulk. Each figure is the best of three runs after one warm-up run, with this JVM's CPU time and
 * the load average, because the build machine is shared. Options (system properties):
 * {@code -Dch.format=Native|RowBinary} (default Native), {@code -Dch.concurrent=N} (inserts in
 * flight, default 2), {@code -Dch.endpointPid=PID} (also report the test kit endpoint's CPU time),
 * {@code -Des.bulkBytes=B} (default 5 MB), {@code -Des.concurrent=N} (default 2),
 * {@code -Dch.rowsUpFront=true} (build each run's rows before its clock starts), {@code -Dch.runs=N} (warm
 * ClickHouse runs after the cold run 0, default 3; the summary gives their median apart from the cold run),
 * {@code -Des.nodePid=PID} (also report the node's CPU time), {@code -Des.refreshOff=true} (refresh off during each run, restored after; default true),
 * {@code -Des.bulkDocs=N} (default 50,000: the bytes limit decides), {@code -Dskip=ch|es}.
 */
public final class SinkThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        String clickHouse = args[0];
        String elasticsearch = args[1];
        int chRows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int esDocs = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        String skip = System.getProperty("skip", "");
        LocalDate day = LocalDate.of(2026, 11, 20);
        // fresh ids, dedup tokens, database and index on every invocation: repeated rows would be
        // dropped by the deduplication token (ClickHouse) or refused as stale versions (Elasticsearch)
        String tag = Long.toString(System.currentTimeMillis(), 36);
        System.out.println("load average at start: " + loadAverage() + ", run tag " + tag);

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

        if (!skip.equals("ch")) {
            boolean nativeFormat = !"RowBinary".equalsIgnoreCase(System.getProperty("ch.format", "Native"));
            int concurrent = Integer.getInteger("ch.concurrent", 2);
            long endpointPid = Long.getLong("ch.endpointPid", -1L);
            boolean rowsUpFront = Boolean.getBoolean("ch.rowsUpFront");
            ClickHouseSinkConfig ch = ClickHouseSinkConfig.of(clickHouse, "bench_" + tag).withBatching(100_000, 4)
                    .withInsertMode(nativeFormat, concurrent);
            double chBest = 0;
            // -Dch.runs=N measured runs after the cold one (default 3): run 0 is the JVM's first pass over this
            // code (JIT warm-up, as JMH's warm-up iterations) and is reported apart from the warm runs' median
            int runs = Integer.getInteger("ch.runs", 3);
            List<Double> warm = new java.util.ArrayList<>();
            double cold = 0;
            try (com.clickhouse.client.api.Client client = ch.newClient()) {
                new ClickHouseMigrations(client, ch.database()).apply();
                for (int run = 0; run <= runs; run++) {
                    // -Dch.rowsUpFront=true: the rows exist before the clock starts, as the jobs hand them to the
                    // writer; by default each row is built inside the timed loop (about a third of the writer
                    // JVM's CPU is then this benchmark's own row building, docs/benchmarks.md session 5)
                    List<ReconResultRow> built = null;
                    if (rowsUpFront) {
                        built = new java.util.ArrayList<>(chRows);
                        for (int i = 0; i < chRows; i++) {
                            built.add(SampleResults.row("bench-" + tag + "-" + run, day, i, 1));
                        }
                        // settle the built rows in the old generation before the clock: otherwise every young
                        // collection of the timed run copies these 500k-1M live rows (0.25-0.7 s of GC per
                        // 500k-row run in session 6), a cost of holding the benchmark's input, not of the writer
                        System.gc();
                    }
                    double cpu0 = processCpu();
                    double main0 = threadCpu();
                    long[] gc0 = gcCountAndMillis();
                    double endpoint0 = ClickHouseInsertProfile.processCpuSeconds(endpointPid);
                    long start = System.nanoTime();
                    try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(client, ch, ReconResultsTable.INSTANCE)) {
                        for (int i = 0; i < chRows; i++) {
                            writer.write(built != null ? built.get(i) : SampleResults.row("bench-" + tag + "-" + run, day, i, 1));
                        }
                        writer.flush();
                    }
                    built = null;
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double rate = chRows / seconds;
                    double endpointCpu = ClickHouseInsertProfile.processCpuSeconds(endpointPid) - endpoint0;
                    double mainCpu = threadCpu() - main0;
                    long[] gc = gcCountAndMillis();
                    // main thread = rows (when built in the loop), encoding, Native block, dedup token; the rest of the
                    // writer JVM = sender threads (HTTP), GC and JIT compiler threads
                    System.out.printf(Locale.ROOT, "  ClickHouse run %d%s: %,.0f rows/s (wall %.2f s, writer JVM CPU %.2f s of which main thread %.2f s, %d GCs %d ms%s), load %s%n",
                            run, run == 0 ? " (cold)" : "", rate, seconds, processCpu() - cpu0, mainCpu, gc[0] - gc0[0], gc[1] - gc0[1],
                            Double.isNaN(endpointCpu) ? "" : String.format(Locale.ROOT, ", endpoint CPU %.2f s", endpointCpu),
                            loadAverage());
                    chBest = run == 0 ? 0 : Math.max(chBest, rate);
                    if (run == 0) {
                        cold = rate;
                    } else {
                        warm.add(rate);
                    }
                }
                client.execute("DROP DATABASE IF EXISTS " + ch.database()).get().close();
            }
            System.out.printf(Locale.ROOT, "ClickHouse insert, %,d rows in 100k batches, %s, %d in flight, rows built %s: %,.0f rows/s%n",
                    chRows, nativeFormat ? "Native" : "RowBinary", concurrent, rowsUpFront ? "before the clock" : "in the timed loop",
                    chBest);
            java.util.Collections.sort(warm);
            System.out.printf(Locale.ROOT, "ClickHouse warm runs 1-%d: median %,.0f, min %,.0f, max %,.0f rows/s; cold run 0: %,.0f rows/s%n",
                    runs, median(warm), warm.get(0), warm.get(warm.size() - 1), cold);
        }

        if (!skip.equals("es")) {
            int bulkBytes = Integer.getInteger("es.bulkBytes", ElasticsearchSinkConfig.DEFAULT_BULK_BYTES);
            int concurrent = Integer.getInteger("es.concurrent", 2);
            boolean refreshOff = Boolean.parseBoolean(System.getProperty("es.refreshOff", "true"));
            ElasticsearchSinkConfig es = ElasticsearchSinkConfig.of(elasticsearch).withIndexPrefix("bench-" + tag)
                    .withBulk(Integer.getInteger("es.bulkDocs", 50_000), 4).withBulkBytes(bulkBytes, concurrent);
            double esBest = 0;
            AtomicLong rejected = new AtomicLong();
            try (org.elasticsearch.client.RestClient client = es.newRestClient()) {
                ReconIndexLayout layout = new ReconIndexLayout(es.indexPrefix());
                layout.install(client, YearMonth.from(day));
                long nodePid = Long.getLong("es.nodePid", -1L);
                if (Boolean.getBoolean("es.translogAsync")) {
                    // -Des.translogAsync=true: fsync the translog every 5 s instead of per bulk. Prices the setting
                    // only: an acknowledged bulk can be lost if the node dies within the interval, so it suits a
                    // re-runnable backfill, never the landing job (which commits offsets after the acknowledgement).
                    org.elasticsearch.client.Request async = new org.elasticsearch.client.Request("PUT",
                            "/" + layout.indexFor(day) + "/_settings");
                    async.setJsonEntity("{\"index.translog.durability\":\"async\",\"index.translog.sync_interval\":\"5s\"}");
                    client.performRequest(async);
                }
                for (int run = 0; run < 4; run++) {
                    double cpu0 = processCpu();
                    double node0 = ClickHouseInsertProfile.processCpuSeconds(nodePid);
                    long start = System.nanoTime();
                    try (ReconIndexLayout.RefreshSuspension ignored = refreshOff
                            ? layout.suspendRefresh(client, List.of(layout.indexFor(day))) : null;
                         ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(client, es, r -> rejected.incrementAndGet())) {
                        for (int i = 0; i < esDocs; i++) {
                            writer.write(SampleResults.row("bench-" + tag + "-" + run, day, i, 1));
                        }
                        writer.flush();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double rate = esDocs / seconds;
                    double nodeCpu = ClickHouseInsertProfile.processCpuSeconds(nodePid) - node0;
                    System.out.printf(Locale.ROOT, "  Elasticsearch run %d: %,.0f docs/s (wall %.2f s, writer JVM CPU %.2f s%s), load %s%n",
                            run, rate, seconds, processCpu() - cpu0,
                            Double.isNaN(nodeCpu) ? "" : String.format(Locale.ROOT, ", node CPU %.2f s", nodeCpu), loadAverage());
                    esBest = run == 0 ? 0 : Math.max(esBest, rate);
                }
                client.performRequest(new org.elasticsearch.client.Request("DELETE", "/" + es.indexPrefix() + "-*"));
                client.performRequest(new org.elasticsearch.client.Request("DELETE", "/_index_template/" + es.indexPrefix()));
            }
            System.out.printf(Locale.ROOT, "Elasticsearch bulk, %,d docs, %d MB bulks, %d in flight, refresh %s: %,.0f docs/s (%d rejected)%n",
                    esDocs, bulkBytes >> 20, concurrent, refreshOff ? "off during the load" : "on", esBest, rejected.get());
        }
        System.out.println("load average at end: " + loadAverage());
    }

    static double processCpu() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() / 1e9;
    }

    static double threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    static long[] gcCountAndMillis() {
        long count = 0;
        long millis = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
