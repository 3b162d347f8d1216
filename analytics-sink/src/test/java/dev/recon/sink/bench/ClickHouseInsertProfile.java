package dev.recon.sink.bench;

import dev.recon.sink.SampleResults;
import dev.recon.sink.clickhouse.ClickHouseMigrations;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.clickhouse.NativeBlock;
import dev.recon.sink.clickhouse.ReconResultsTable;
import dev.recon.sink.clickhouse.RowBinaryOutput;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time of a ClickHouse insert goes, without the writer: the same pre-encoded RowBinary
 * batches are POSTed raw (JDK HttpClient) under different settings, and the server's own
 * {@code elapsed_ns} (X-ClickHouse-Summary) is set against the client's wall time. A profiling
 * command, not a test:
 * <pre>java -cp ... dev.recon.sink.bench.ClickHouseInsertProfile CLICKHOUSE_URL [ROWS_PER_BATCH] [BATCHES]</pre>
 */
public final class ClickHouseInsertProfile {

    /** utime + stime of a process from /proc (Linux), in seconds; NaN without a PID. */
    static double processCpuSeconds(long pid) throws java.io.IOException {
        if (pid < 0) {
            return Double.NaN;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ is 100 on Linux
    }

    private static final Pattern ELAPSED = Pattern.compile("\"elapsed_ns\":\"(\\d+)\"");

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        // the endpoint's PID (test kit: <state>/clickhouse.properties) to report its CPU time too
        long endpointPid = args.length > 3 ? Long.parseLong(args[3]) : -1;
        String only = System.getProperty("variant", "");
        ClickHouseSinkConfig config = ClickHouseSinkConfig.of(url, "bench_profile");
        try (var client = config.newClient()) {
            new ClickHouseMigrations(client, config.database()).apply();
        }
        LocalDate day = LocalDate.of(2026, 11, 20);
        // -Dformat=Native: the block the writer sends (NativeBlock), else the RowBinary rows
        boolean nativeFormat = "Native".equalsIgnoreCase(System.getProperty("format", "RowBinary"));
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            RowBinaryOutput out = new RowBinaryOutput(rows * 400);
            List<dev.recon.sink.row.ReconResultRow> batch = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                batch.add(SampleResults.row("prof" + b, day, i, 1));
            }
            if (Boolean.getBoolean("sorted")) {
                // -Dsorted=true: rows in the table's sorting key order, as the writer may send them
                batch.sort(java.util.Comparator.comparing(dev.recon.sink.row.ReconResultRow::channel)
                        .thenComparing(dev.recon.sink.row.ReconResultRow::businessDate)
                        .thenComparing(dev.recon.sink.row.ReconResultRow::reconId));
            }
            for (dev.recon.sink.row.ReconResultRow row : batch) {
                ReconResultsTable.INSTANCE.encode(row, out);
            }
            byte[] rowBinary = out.toByteArray();
            bodies.add(nativeFormat ? NativeBlock.fromRowBinary(rowBinary, rowBinary.length, rows,
                    ReconResultsTable.INSTANCE.columns(), ReconResultsTable.INSTANCE.columnTypes()) : rowBinary);
        }
        System.out.printf(Locale.ROOT, "%d batches of %,d rows, %,d bytes each%n", batches, rows, bodies.get(0).length);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // -Dtable=...: another table with recon_results' columns (e.g. ENGINE = Null to price parsing alone);
        // -Dsettings=&a=1&b=2: URL settings added to every variant
        String table = System.getProperty("table", "recon_results");
        String settings = System.getProperty("settings", "");
        if (!table.equals("recon_results")) {
            String ddl = System.getProperty("ddl", "ENGINE = Null");
            // -Dcreate='CREATE TABLE x (...) ...': a whole statement, to price one schema choice at a time
            String statement = System.getProperty("create", "CREATE TABLE IF NOT EXISTS " + table + " AS recon_results " + ddl);
            HttpRequest drop = HttpRequest.newBuilder(URI.create(url + "/?database=" + config.database()))
                    .POST(HttpRequest.BodyPublishers.ofString("DROP TABLE IF EXISTS " + table)).build();
            HttpClient.newHttpClient().send(drop, HttpResponse.BodyHandlers.ofString());
            HttpRequest create = HttpRequest.newBuilder(URI.create(url + "/?database=" + config.database()))
                    .POST(HttpRequest.BodyPublishers.ofString(statement))
                    .build();
            HttpResponse<String> created = HttpClient.newHttpClient().send(create, HttpResponse.BodyHandlers.ofString());
            System.out.println("create " + table + ": " + created.statusCode() + " " + created.body());
            if (created.statusCode() != 200) {
                throw new IllegalStateException("cannot create " + table + ": " + created.body());
            }
        }
        String insert = "INSERT INTO " + table + " (" + String.join(",", ReconResultsTable.INSTANCE.columns()) + ") FORMAT " + (nativeFormat ? "Native" : "RowBinary");
        String[][] variants = {
                {"plain", ""},
                {"dedup token", "&insert_deduplication_token=TOKEN"},
                {"dedup token + max_insert_block_size=1M", "&insert_deduplication_token=TOKEN&max_insert_block_size=1048576&min_insert_block_size_rows=1048576&min_insert_block_size_bytes=0"},
                {"no dedup, max_insert_block_size=1M", "&max_insert_block_size=1048576&min_insert_block_size_rows=1048576&min_insert_block_size_bytes=0"},
        };
        // -Dparallel=1,2: inserts in flight per variant
        int[] parallelism = java.util.Arrays.stream(System.getProperty("parallel", "1,2").split(","))
                .mapToInt(Integer::parseInt).toArray();
        boolean viaFile = "file".equals(System.getProperty("via", ""));
        StringBuilder structureText = new StringBuilder();
        for (int c = 0; c < ReconResultsTable.INSTANCE.columns().size(); c++) {
            structureText.append(c == 0 ? "" : ", ").append(ReconResultsTable.INSTANCE.columns().get(c)).append(' ')
                    .append(ReconResultsTable.INSTANCE.columnTypes().get(c).replace("'", "\\'"));
        }
        String structure = structureText.toString();
        int runId = 0;
        for (String[] v : variants) {
            if (!only.isEmpty() && !v[0].startsWith(only)) {
                continue;
            }
            for (int parallel : parallelism) {
                double endpointCpu0 = processCpuSeconds(endpointPid);
                runId++;
                final int run = runId;
                long cpu0 = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
                long start = System.nanoTime();
                // daemon threads: a failed insert ends the command instead of leaving it waiting
                ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                });
                List<Future<Long>> done = new ArrayList<>();
                for (int b = 0; b < batches; b++) {
                    final int batch = b;
                    done.add(pool.submit(() -> {
                        String q = URLEncoder.encode(insert, StandardCharsets.UTF_8);
                        String extra = v[1].replace("TOKEN", "r" + run + "-b" + batch + "-" + System.nanoTime()) + settings;
                        HttpRequest request;
                        if (viaFile) {
                            // -Dvia=file: the engine reads the block from a file with INSERT ... SELECT, which lets it
                            // spread one insert over several threads (max_insert_threads); prices that path
                            java.nio.file.Path file = java.nio.file.Files.createTempFile("ch-profile-", ".native");
                            java.nio.file.Files.write(file, bodies.get(batch));
                            file.toFile().deleteOnExit();
                            String select = "INSERT INTO " + table + " (" + String.join(",", ReconResultsTable.INSTANCE.columns())
                                    + ") SELECT * FROM file('" + file + "', " + (nativeFormat ? "Native" : "RowBinary") + ", '"
                                    + structure + "')";
                            request = HttpRequest.newBuilder(URI.create(url + "/?database=" + config.database() + extra))
                                    .POST(HttpRequest.BodyPublishers.ofString(select)).build();
                        } else {
                            request = HttpRequest.newBuilder(URI.create(url + "/?database=" + config.database()
                                            + "&query=" + q + extra))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(batch))).build();
                        }
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(response.statusCode() + " " + response.body());
                        }
                        Matcher m = ELAPSED.matcher(response.headers().firstValue("X-ClickHouse-Summary").orElse(""));
                        return m.find() ? Long.parseLong(m.group(1)) : 0L;
                    }));
                }
                long serverNanos = 0;
                for (Future<Long> f : done) {
                    serverNanos += f.get();
                }
                pool.shutdown();
                double wall = (System.nanoTime() - start) / 1e9;
                double cpu = (ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() - cpu0) / 1e9;
                double endpointCpu = processCpuSeconds(endpointPid) - endpointCpu0;
                System.out.printf(Locale.ROOT, "%-45s x%d: %,9.0f rows/s wall %.2f s, engine %.2f s (sum), client CPU %.2f s,"
                                + " endpoint CPU %.2f s (%,.0f rows per CPU second)%n",
                        v[0], parallel, rows * (double) batches / wall, wall, serverNanos / 1e9, cpu, endpointCpu,
                        rows * (double) batches / endpointCpu);
            }
        }
    }
}
