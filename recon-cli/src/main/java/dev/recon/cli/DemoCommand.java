package dev.recon.cli;

import dev.recon.cli.demo.DemoCheck;
import dev.recon.cli.demo.DemoReport;
import dev.recon.cli.demo.DemoStores;
import dev.recon.cli.demo.DemoTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code recon demo}: the main job on embedded defaults (DESIGN.md). Generates a day of traffic
 * with injected discrepancies and fraud, runs the streaming job and the nightly batch on it (each
 * in its own JVM, exactly as {@code recon stream} and {@code recon batch} do), lands the results in
 * ClickHouse and Elasticsearch, checks every result against what was injected and writes a report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Run the main job end to end on embedded defaults and write a report.",
        description = {"Generate a day of realistic payment traffic with injected discrepancies and fraud patterns, run the streaming job and the nightly batch on it, land the results in ClickHouse and Elasticsearch, check every result against what was injected, print a summary and write DIR/report.html.",
            "",
            "Stores: RECON_CLICKHOUSE_URL / RECON_ELASTICSEARCH_URL (with their credential variables, see analytics-sink/README.md) when set; otherwise local stand-ins are started for the run (the ClickHouse engine and a single Elasticsearch node that the test kit uses) and stopped at the end unless --keep-stores.",
            "",
            "Exit status: 0 every injected discrepancy found and nothing else; 1 a job failed or a result disagrees with what was injected (listed on stderr and in the report)."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--payments", paramLabel = "N", defaultValue = "10000", description = "Payments to generate, at least 100 (default: ${DEFAULT-VALUE}).")
    int payments;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed, for repeatable traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Business date of the generated day (default: yesterday, UTC).")
    LocalDate date;

    @Option(names = "--no-stores", description = "Do not land results in ClickHouse and Elasticsearch (files and report only).")
    boolean noStores;

    @Option(names = "--keep-stores", description = "Leave the local stand-in stores running after the demo, to query them.")
    boolean keepStores;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        if (payments < 100) {
            throw new ReconCommand.UsageFailure("--payments must be at least 100 (got " + payments + ")");
        }
        LocalDate day = date != null ? date : LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Path dir = out.toAbsolutePath().normalize();
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        long began = System.nanoTime();

        err.printf("recon demo: generating %,d payments for %s (seed %d) in %s%n", payments, day, seed, dir.resolve("input"));
        DemoTraffic.Written input = new DemoTraffic(day, payments, seed).writeTo(dir.resolve("input"));
        err.printf("recon demo:   %,d payment events, %,d callbacks, %,d ledger rows, %,d settlement lines%n",
                input.eventLines(), input.callbackLines(), input.ledgerRows(), input.settlementRows());

        RuntimeLauncher launcher = RuntimeLauncher.fromEnvironment();
        try (DemoStores stores = noStores ? DemoStores.none() : DemoStores.open(System.getenv(), launcher.home(), keepStores, err)) {
            Map<String, String> env = new HashMap<>(stores.environment());

            err.println("recon demo: streaming job (Flink, file mode) -> " + dir.resolve("stream"));
            long t0 = System.nanoTime();
            int streamExit = launcher.runStreamMain("dev.recon.stream.file.FileReconJob", List.of(
                    "--payments", input.events().toString(), "--callbacks", input.callbacks().toString(),
                    "--out", dir.resolve("stream").toString(), "--recon-config", input.reconYaml().toString()),
                    List.of(input.events(), input.callbacks()), env, logs.resolve("stream.log"));
            Duration streamTime = Duration.ofNanos(System.nanoTime() - t0);
            if (streamExit != 0) {
                return failed(err, "the streaming job", streamExit, logs.resolve("stream.log"));
            }

            err.println("recon demo: nightly batch (Spring Batch) -> " + dir.resolve("batch"));
            Map<String, String> batchEnv = new HashMap<>(env);
            batchEnv.put("RECON_BATCH_HOME", dir.resolve("batch-home").toString());
            batchEnv.put("RECON_CONFIG", input.reconYaml().toString());
            t0 = System.nanoTime();
            int batchExit = launcher.runJar(launcher.batchJar(), List.of("--channel", DemoTraffic.CHANNEL,
                    "--date", day.toString(), "--settlement", input.settlement().toString(),
                    "--internal", input.ledger().toString(), "--out", dir.resolve("batch").toString()),
                    batchEnv, logs.resolve("batch.log"));
            Duration batchTime = Duration.ofNanos(System.nanoTime() - t0);
            if (batchExit != 0) {
                return failed(err, "the batch job", batchExit, logs.resolve("batch.log"));
            }

            DemoCheck.LegCheck stream = DemoCheck.leg(DemoTraffic.STREAM, input.expectations(),
                    dir.resolve("stream/results.csv"));
            DemoCheck.LegCheck batch = DemoCheck.leg(DemoTraffic.BATCH, input.expectations(),
                    dir.resolve("batch/results.csv"));
            DemoCheck.FraudCheck fraud = DemoCheck.fraud(input.fraudPatterns(), dir.resolve("stream/fraud.csv"));
            List<String> ids = new java.util.ArrayList<>(stream.reconIds());
            ids.addAll(batch.reconIds());
            stores.expect(ids);
            DemoStores.Landed landed = stores.landed();

            DemoCheck.Refused refused = DemoCheck.refused(input, dir.resolve("stream/dead-letters.csv"),
                    dir.resolve("batch/quarantine.csv"));
            DemoReport.Run run = new DemoReport.Run(input, stream, batch, fraud, refused, landed, streamTime, batchTime,
                    Duration.ofNanos(System.nanoTime() - began), seed);
            Path report = DemoReport.write(dir.resolve("report.html"), run);
            DemoReport.printSummary(outw, run, report);
            outw.flush();
            boolean ok = stream.ok() && batch.ok() && fraud.ok() && refused.ok() && landed.ok();
            if (!ok) {
                err.println("recon demo: some results disagree with what was injected; see the list above and " + report);
            }
            return ok ? 0 : ReconCommand.EXIT_FAILURE;
        }
    }

    private static int failed(PrintWriter err, String what, int exit, Path log) throws IOException {
        err.println("recon demo: " + what + " failed (exit " + exit + "); the last lines of " + log + ":");
        List<String> lines = Files.readAllLines(log);
        lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> err.println("  " + l));
        return ReconCommand.EXIT_FAILURE;
    }
}
