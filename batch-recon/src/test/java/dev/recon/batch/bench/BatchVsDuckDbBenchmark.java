package dev.recon.batch.bench;

import dev.recon.batch.generate.SettlementScenario;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Benchmark command (not a test): one Adyen day of N internal rows against N settlement rows with
 * injected breaks, reconciled (a) end to end by the batch job's executable jar in its own JVM, the
 * process {@code ./recon batch} starts, and (b) as one DuckDB SQL query over the same two CSVs
 * (read both, full outer join on the reference, classify MATCHED / AMOUNT_MISMATCH /
 * CURRENCY_MISMATCH / MISSING_*, write a results CSV), side by side in one run on the same machine.
 * Prints both wall times, the ratio, CPU times, the batch process's peak RSS and the load average.
 *
 * <pre>
 * ./mvnw -B -o -q -pl batch-recon -am package -DskipTests
 * ./mvnw -B -o -q -pl batch-recon test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/batch-cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp batch-recon/target/test-classes:batch-recon/target/classes:$(cat /tmp/batch-cp.txt) \
 *   dev.recon.batch.bench.BatchVsDuckDbBenchmark /tmp/recon-bench 1000000 4g
 * </pre>
 * Arguments: work folder (the generated day is kept there and reused), rows per side (default
 * 1,000,000; 10,000,000 for the large mode), the batch JVM's -Xmx (default 4g; at most 8g), and
 * optionally the exec jar (default: batch-recon/target/batch-recon-*-exec.jar). {@code -Dbench.via=cli}
 * on the benchmark JVM runs the batch through the CLI jar and its class-data cache, as
 * {@code ./recon batch} does (see {@link #VIA_CLI}).
 *
 * <p>The two do not do the same amount of work: the batch job also validates and checksums the
 * files, quarantines bad rows, stages every row restartably, checks fees, duplicates, over-refunds,
 * status, pending items and near misses, and writes summary.json and report.html. The DuckDB query
 * is the lower bound for "read, join, classify, write" on this machine.
 */
public final class BatchVsDuckDbBenchmark {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    private BatchVsDuckDbBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: BatchVsDuckDbBenchmark WORK_DIR [ROWS_PER_SIDE=1000000] [BATCH_XMX=4g] [EXEC_JAR]");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        String xmx = args.length > 2 ? args[2] : "4g";
        Path jar = args.length > 3 ? Path.of(args[3]) : findJar();

        Path day = generate(work, rows);
        Path internal = day.resolve("internal.csv");
        Path settlement = day.resolve("settlement_detail_report_batch_1128.csv");
        System.out.printf(Locale.ROOT, "data: %s (%,d rows), %s (%,d rows)%n", internal, lineCount(internal) - 1,
                settlement, lineCount(settlement) - 1);

        String loadBefore = loadAverage();
        // DuckDB first (seconds), printed at once; then the batch process.
        DuckRun duck = runDuck(internal, settlement, work.resolve("duckdb-results.csv"));
        System.out.printf(Locale.ROOT, "duckdb: %.2f s wall, %.2f s cpu, %,d result rows %s%n", duck.wallSeconds,
                duck.cpuSeconds, duck.resultRows, duck.classes);
        BatchRun batch = runBatch(jar, xmx, day, work);
        String loadAfter = loadAverage();

        System.out.printf(Locale.ROOT, "%n%-34s %10s %12s %14s %12s%n", "", "wall s", "cpu s", "peak RSS MB", "result rows");
        System.out.printf(Locale.ROOT, "%-34s %10.2f %12s %14s %,12d%n", (VIA_CLI ? "batch (recon-cli, cds, -Xmx" : "batch (exec jar, -Xmx") + xmx + ")",
                batch.wallSeconds, batch.cpuSeconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", batch.cpuSeconds),
                batch.peakRssKb < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", batch.peakRssKb / 1024),
                batch.resultRows);
        System.out.printf(Locale.ROOT, "%-34s %10.2f %12.2f %14s %,12d%n", "duckdb (one SQL query, in-process)",
                duck.wallSeconds, duck.cpuSeconds, "(in bench JVM)", duck.resultRows);
        System.out.printf(Locale.ROOT, "ratio batch/duckdb: %.2fx wall%n", batch.wallSeconds / duck.wallSeconds);
        System.out.println("batch steps: " + batch.steps);
        System.out.println("duckdb classes: " + duck.classes);
        System.out.println("batch exit status: " + batch.exitStatus + ", out: " + batch.out);
        System.out.println("load average before: " + loadBefore + " after: " + loadAfter + " (cores: "
                + Runtime.getRuntime().availableProcessors() + ")");
        if (batch.exitStatus != 0) {
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ data

    /** Writes the day once per row count (streamed to disk); later runs reuse it. */
    private static Path generate(Path work, long rows) throws IOException {
        Path day = work.resolve("day-" + rows);
        Path done = day.resolve(".complete");
        if (Files.exists(done)) {
            return day;
        }
        // Each payment is one row per side, and every tenth payment adds a refund row per side.
        int payments = (int) Math.max(1, Math.round(rows / 1.1));
        long t0 = System.nanoTime();
        new SettlementScenario(DAY, payments, 1L).withoutMatchedTruth().writeTo(day);
        Files.writeString(done, "");
        System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", day, (System.nanoTime() - t0) / 1e9);
        return day;
    }

    // ------------------------------------------------------------------ (a) the batch job

    private record BatchRun(double wallSeconds, double cpuSeconds, long peakRssKb, long resultRows, int exitStatus,
            Path out, String steps) {
    }

    /**
     * With {@code -Dbench.via=cli} the batch runs as {@code ./recon batch} starts it: through the
     * CLI jar (recon-cli/target/recon-cli.jar, built from this worktree) and its launcher, which
     * starts the job from its class-data cache (in WORK/cds-cache; filled by an untimed run on a
     * 1,000-row day first, as any earlier run of the same jar would have). The timed process then
     * includes the CLI's own small JVM. Default: the exec jar started directly.
     */
    private static final boolean VIA_CLI = "cli".equals(System.getProperty("bench.via"));

    private static List<String> batchCommand(Path jar, String xmx) {
        if (VIA_CLI) {
            return List.of(javaExecutable(), "-Drecon.home=" + Path.of("").toAbsolutePath(), "-jar",
                    "recon-cli/target/recon-cli.jar", "batch");
        }
        List<String> direct = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + xmx));
        direct.addAll(EXTRA_JVM_OPTIONS);
        direct.addAll(List.of("-jar", jar.toString()));
        return direct;
    }

    /** {@code -Dbench.jvmOptions="..."}: more options for the batch JVM (e.g. a collector or compiler choice to compare). */
    private static final List<String> EXTRA_JVM_OPTIONS = System.getProperty("bench.jvmOptions", "").isBlank()
            ? List.of() : List.of(System.getProperty("bench.jvmOptions").trim().split("\\s+"));

    private static BatchRun runBatch(Path jar, String xmx, Path day, Path work) throws Exception {
        if (VIA_CLI) {
            Path small = generate(work, 1000);
            Files.createDirectories(work.resolve("warm-up"));
            BatchRun warm = runBatchOnce(jar, xmx, small, work.resolve("warm-up"), work.resolve("cds-cache"));
            System.out.printf(Locale.ROOT, "class-data cache warm-up (1,000 rows, untimed): %.2f s, exit %d%n",
                    warm.wallSeconds, warm.exitStatus);
        }
        return runBatchOnce(jar, xmx, day, work, work.resolve("cds-cache"));
    }

    private static BatchRun runBatchOnce(Path jar, String xmx, Path day, Path work, Path cdsCache) throws Exception {
        Path home = work.resolve("batch-home");
        Path out = work.resolve("batch-out");
        deleteTree(home);
        deleteTree(out);
        Path log = work.resolve("batch.log");
        boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
        List<String> cmd = new ArrayList<>();
        if (gnuTime) {
            cmd.addAll(List.of("/usr/bin/time", "-v"));
        }
        cmd.addAll(batchCommand(jar, xmx));
        cmd.addAll(List.of("--channel", SettlementScenario.CHANNEL,
                "--date", DAY.toString(), "--settlement", day.resolve("settlement_detail_report_batch_1128.csv").toString(),
                "--internal", day.resolve("internal.csv").toString(), "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (VIA_CLI) {
            pb.environment().put("RECON_JAVA_OPTS", String.join(" ", java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("-Xmx" + xmx), EXTRA_JVM_OPTIONS.stream()).toList()));
            pb.environment().put("RECON_CACHE_DIR", cdsCache.toString());
        }
        // A fresh operational database: the first run of the day, as the nightly job sees it.
        pb.environment().put("RECON_BATCH_HOME", home.toString());
        pb.environment().remove("RECON_CLICKHOUSE_URL");
        pb.environment().remove("RECON_ELASTICSEARCH_URL");
        System.out.println("batch: " + String.join(" ", cmd));
        long t0 = System.nanoTime();
        Process p = pb.start();
        long peak = -1;
        double cpu = -1;
        if (!gnuTime) {
            // No GNU time: sample the child's high-water mark and CPU ticks from /proc while it runs.
            while (p.isAlive()) {
                long[] s = procSample(p.pid());
                if (s != null) {
                    peak = Math.max(peak, s[0]);
                    cpu = Math.max(cpu, s[1] / 100.0);
                }
                Thread.sleep(100);
            }
        }
        int exit = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        String text = Files.readString(log);
        if (gnuTime) {
            peak = (long) number(text, "Maximum resident set size (kbytes):");
            cpu = number(text, "User time (seconds):") + number(text, "System time (seconds):");
        }
        if (exit != 0) {
            System.out.println("batch failed (exit " + exit + "), last lines of " + log + ":");
            text.lines().skip(Math.max(0, text.lines().count() - 20)).forEach(l -> System.out.println("  " + l));
        }
        Path results = out.resolve("results.csv");
        long resultRows = Files.exists(results) ? lineCount(results) - 1 : -1;
        return new BatchRun(wall, cpu, peak, resultRows, exit, out, stepTimes(text) + stepDurations(home));
    }

    /**
     * Every step's duration from the job repository the run left in its batch home (H2 file), and
     * what is left of the wall time outside the steps (JVM and Spring start, argument checksums, exit).
     */
    private static String stepDurations(Path home) {
        String url = "jdbc:h2:file:" + home.resolve("recon-batch") + ";ACCESS_MODE_DATA=r";
        StringBuilder b = new StringBuilder("step durations: ");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT STEP_NAME, START_TIME, END_TIME "
                        + "FROM BATCH_STEP_EXECUTION ORDER BY STEP_EXECUTION_ID")) {
            while (rs.next()) {
                java.sql.Timestamp start = rs.getTimestamp(2);
                java.sql.Timestamp end = rs.getTimestamp(3);
                double s = start == null || end == null ? -1 : (end.getTime() - start.getTime()) / 1000.0;
                b.append(String.format(Locale.ROOT, "%s %.2f s; ", rs.getString(1), s));
            }
        } catch (java.sql.SQLException e) {
            b.append("(not readable: ").append(e.getMessage().lines().findFirst().orElse("")).append(")");
        }
        return b.toString();
    }

    /** The per-step "done" progress lines of the run, as "step=seconds". */
    private static String stepTimes(String log) {
        StringBuilder b = new StringBuilder();
        for (String line : log.lines().toList()) {
            if (line.startsWith("recon batch: ") && line.contains(" done")) {
                b.append(line.substring("recon batch: ".length())).append("; ");
            }
        }
        return b.toString();
    }

    private static double number(String text, String label) {
        for (String line : text.lines().toList()) {
            String t = line.trim();
            if (t.startsWith(label)) {
                return Double.parseDouble(t.substring(label.length()).trim());
            }
        }
        return -1;
    }

    /** VmHWM in kB and utime+stime in clock ticks of a running process, or null once it is gone. */
    private static long[] procSample(long pid) {
        try {
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {hwm, Long.parseLong(f[11]) + Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ (b) one DuckDB query

    private record DuckRun(double wallSeconds, double cpuSeconds, long resultRows, Map<String, Long> classes) {
    }

    /**
     * The day as one query: in-scope ledger rows and the settlement file's payment lines, joined on
     * the channel reference and category, classified like the engine's main break types. Amounts
     * are read as DECIMAL(18,2) and compared in minor units (never floating point).
     */
    static String query(Path internal, Path settlement, Path results) {
        return """
                COPY (
                  WITH i AS (
                    SELECT transaction_id, channel_ref AS ref, type AS cat, currency,
                           CAST(amount * 100 AS BIGINT) AS minor
                    FROM read_csv('%s', header = true, types = {'amount': 'DECIMAL(18,2)', 'channel_ref': 'VARCHAR',
                                  'transaction_id': 'VARCHAR'})
                    WHERE channel = 'adyen'),
                  s AS (
                    SELECT "Modification Reference" AS ref,
                           CASE "Type" WHEN 'Settled' THEN 'PAYMENT' ELSE 'REFUND' END AS cat,
                           "Gross Currency" AS currency,
                           CAST(coalesce("Gross Credit (GC)", "Gross Debit (GC)") * 100 AS BIGINT) AS minor
                    FROM read_csv('%s', header = true, types = {'Gross Credit (GC)': 'DECIMAL(18,2)',
                                  'Gross Debit (GC)': 'DECIMAL(18,2)', 'Modification Reference': 'VARCHAR',
                                  'Psp Reference': 'VARCHAR'})
                    WHERE "Type" IN ('Settled', 'Refunded'))
                  SELECT coalesce(i.ref, s.ref) AS reference, i.transaction_id,
                         CASE WHEN s.ref IS NULL THEN 'MISSING_IN_CHANNEL'
                              WHEN i.ref IS NULL THEN 'MISSING_INTERNAL'
                              WHEN i.currency <> s.currency THEN 'CURRENCY_MISMATCH'
                              WHEN i.minor <> s.minor THEN 'AMOUNT_MISMATCH'
                              ELSE 'MATCHED' END AS classification,
                         i.minor AS internal_minor, i.currency AS internal_currency,
                         s.minor AS channel_minor, s.currency AS channel_currency
                  FROM i FULL OUTER JOIN s ON i.ref = s.ref AND i.cat = s.cat
                  ORDER BY reference, transaction_id
                ) TO '%s' (HEADER, DELIMITER ',')
                """.formatted(internal, settlement, results);
    }

    private static DuckRun runDuck(Path internal, Path settlement, Path results) throws Exception {
        Files.deleteIfExists(results);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String sql = query(internal, settlement, results);
        // The driver unpacks its native library on first use: done before the clock starts, like the batch
        // jar being on disk already.
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        }
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long rows;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
            rows = st.executeUpdate(sql);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        Map<String, Long> classes = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT classification, count(*) FROM read_csv('" + results
                        + "', header = true) GROUP BY 1")) {
            while (rs.next()) {
                classes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return new DuckRun(wall, cpu, rows, classes);
    }

    // ------------------------------------------------------------------ helpers

    private static Path findJar() throws IOException {
        Path target = Path.of("batch-recon/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("batch-recon-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no exec jar in " + target.toAbsolutePath()
                            + ": ./mvnw -B -o -q -pl batch-recon -am install -DskipTests"));
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long lineCount(Path file) throws IOException {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            while (r.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
