package dev.recon.stream.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.stream.ReconScenario;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark command for {@code ./recon stream}: generates {@link ReconScenario} traffic (eight
 * cases per eight payments: matches, references to resolve, clock skew, amount mismatches,
 * missing callbacks, redeliveries, duplicates, plus one callback without payment) as JSONL, then
 * times the whole {@code FileReconJob} process (JVM start, Flink MiniCluster, the job, the merge
 * into results.csv) and checks results.csv against the ground truth. Generation is not timed.
 *
 * <pre>
 * ./mvnw -B -q -o -pl streaming-recon -Pbench test-compile exec:exec [-Dbench.args="--events 1000000 --runs 2"]
 * </pre>
 *
 * Options: {@code --events N} (payment events + callbacks, default 1,000,000), {@code --runs R},
 * {@code --dir DIR} (work folder, default a temp folder), {@code --heap 2g} (the job JVM's -Xmx),
 * {@code --parallelism P} (default 2), {@code --jfr FILE} (record the last run with Flight Recorder),
 * {@code --classes DIR} (run another build of streaming-recon's classes, e.g. an older commit's),
 * {@code --via cli} (run the job as {@code ./recon stream} does: through recon-cli's jar, which starts
 * the job JVM with its class-data archive and collector; the heap is given as RECON_JAVA_OPTS).
 * Prints wall time, the job process's CPU time (user + system, from bash's {@code time}) and load
 * average; exits 1 when results.csv does not carry the ground truth.
 */
public final class FileModeBenchmark {

    /** ReconScenario sends 9 callbacks per 8 payments (one case none, two cases two). */
    private static final double EVENTS_PER_PAYMENT = 17.0 / 8;

    private FileModeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchOptions.parse(args);
        long events = Long.parseLong(o.getOrDefault("events", "1000000"));
        int runs = Integer.parseInt(o.getOrDefault("runs", "1"));
        String heap = o.getOrDefault("heap", "2g");
        String parallelism = o.getOrDefault("parallelism", "2");
        Path dir = o.containsKey("dir") ? Files.createDirectories(Path.of(o.get("dir")))
                : Files.createTempDirectory("recon-stream-bench");

        int payments = (int) Math.round(events / EVENTS_PER_PAYMENT);
        long t0 = System.nanoTime();
        ReconScenario scenario = ReconScenario.generate(payments, 2000);
        Path paymentFile = dir.resolve("payment-events.jsonl");
        Path callbackFile = dir.resolve("channel-callbacks.jsonl");
        writeLines(paymentFile, scenario.payments.stream().map(PaymentEventJson::write).toList());
        writeLines(callbackFile, scenario.callbacks.stream().map(ChannelCallbackJson::write).toList());
        long lines = scenario.payments.size() + scenario.callbacks.size();
        System.out.printf(Locale.ROOT, "generated %,d payment events + %,d callbacks = %,d events in %.1f s (%s)%n",
                scenario.payments.size(), scenario.callbacks.size(), lines, (System.nanoTime() - t0) / 1e9, dir);

        boolean allCorrect = true;
        for (int run = 1; run <= runs; run++) {
            Path out = dir.resolve("out-" + run);
            String jfr = run == runs && o.containsKey("jfr")
                    ? " -XX:StartFlightRecording=filename=" + o.get("jfr") + ",settings=profile" : "";
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String inputs = " --payments '" + paymentFile + "' --callbacks '" + callbackFile + "' --out '" + out
                    + "' --parallelism " + parallelism;
            String job;
            if ("cli".equals(o.get("via"))) {
                // The process ./recon stream starts: the CLI's JVM, then the job JVM it launches (class-data
                // archive, collector and opens as the CLI chooses them); the heap through RECON_JAVA_OPTS.
                Path home = reconHome();
                job = "RECON_JAVA_OPTS='-Xmx" + heap + jfr + "' '" + java + "' -Drecon.home='" + home + "' -jar '"
                        + home.resolve("recon-cli/target/recon-cli.jar") + "' stream" + inputs;
            } else {
                String classpath = jobClasspath(o.get("classes"));
                job = "'" + java + "' -Xmx" + heap + " -XX:+UseParallelGC" + jfr + " " + String.join(" ", opens())
                        + " -cp '" + classpath + "' dev.recon.stream.file.FileReconJob" + inputs;
            }
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                    "TIMEFORMAT='bench-time wall=%R user=%U sys=%S'; time " + job);
            pb.redirectErrorStream(true);
            long start = System.nanoTime();
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            double wall = (System.nanoTime() - start) / 1e9;
            Matcher m = Pattern.compile("bench-time wall=([0-9.]+) user=([0-9.]+) sys=([0-9.]+)").matcher(output);
            double cpu = m.find() ? Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)) : Double.NaN;
            String summary = output.lines().filter(l -> l.startsWith("recon stream:")).reduce((a, b) -> b).orElse("");
            if (exit != 0) {
                System.out.println(output);
                throw new IllegalStateException("FileReconJob exited with " + exit);
            }
            String verdict = check(scenario, out.resolve("results.csv"));
            allCorrect &= verdict.isEmpty();
            System.out.printf(Locale.ROOT,
                    "run %d: %,d events in %.2f s wall = %,.0f events/s; process CPU %.2f s (%.0f%% of one core);"
                            + " load average before: %s; results %s%n  %s%n",
                    run, lines, wall, lines / wall, cpu, 100 * cpu / wall, load,
                    verdict.isEmpty() ? "match the ground truth" : "WRONG: " + verdict, summary);
        }
        System.exit(allCorrect ? 0 : 1);
    }

    private static void writeLines(Path file, List<byte[]> lines) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (byte[] l : lines) {
                out.write(l);
                out.write('\n');
            }
        }
    }

    /** Empty when results.csv carries exactly the scenario's ground truth, else what differs. */
    static String check(ReconScenario s, Path results) throws IOException {
        Map<String, String> outcome = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        List<String> missingInternal = new ArrayList<>();
        long rows = 0;
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(results)) {
            for (NamedCsvRecord r : csv) {
                rows++;
                String breakType = r.getField("break_type");
                if (!r.getField("transaction_id").isEmpty()) {
                    if (outcome.put(r.getField("payment_id"), breakType.isEmpty() ? r.getField("status")
                            : breakType) != null) {
                        return "two rows for payment " + r.getField("payment_id");
                    }
                } else if (breakType.equals("DUPLICATE")) {
                    duplicates.add(r.getField("channel_ref"));
                } else if (breakType.equals("MISSING_INTERNAL")) {
                    missingInternal.add(r.getField("channel_ref"));
                }
            }
        }
        if (!outcome.equals(s.truth)) {
            for (var e : s.truth.entrySet()) {
                if (!e.getValue().equals(outcome.get(e.getKey()))) {
                    return "payment " + e.getKey() + " expected " + e.getValue() + " got " + outcome.get(e.getKey());
                }
            }
            return outcome.size() + " payment rows, expected " + s.truth.size();
        }
        if (!new java.util.HashSet<>(duplicates).equals(new java.util.HashSet<>(s.duplicateRefs))
                || duplicates.size() != s.duplicateRefs.size()) {
            return duplicates.size() + " DUPLICATE rows, expected " + s.duplicateRefs.size();
        }
        if (!missingInternal.equals(List.of(ReconScenario.GHOST_REF))) {
            return "MISSING_INTERNAL rows " + missingInternal.size() + ", expected only " + ReconScenario.GHOST_REF;
        }
        if (rows != s.expectedRows()) {
            return rows + " rows, expected " + s.expectedRows();
        }
        return "";
    }

    /** The bench JVM's own classpath without test classes: the job's classes plus Flink and its dependencies. */
    private static String jobClasspath(String otherJobClasses) {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (otherJobClasses != null && p.endsWith("streaming-recon/target/classes")) {
                parts.add(otherJobClasses); // --classes: compare another build of the job on the same data
            } else if (!p.endsWith("test-classes")) {
                parts.add(p);
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    /** The repository root (holding recon-cli/target/recon-cli.jar) above the working folder. */
    private static Path reconHome() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("recon-cli/target/recon-cli.jar"))) {
                return p;
            }
        }
        throw new IllegalStateException("--via cli: no recon-cli/target/recon-cli.jar above " + Path.of("").toAbsolutePath()
                + "; build it with ./mvnw -B -DskipTests -pl recon-cli -am package");
    }

    /** The same opens {@code ./recon stream} passes (recon-cli RuntimeLauncher). */
    private static List<String> opens() {
        return java.util.stream.Stream.of("java.base/java.lang", "java.base/java.lang.reflect",
                "java.base/java.lang.invoke", "java.base/java.util", "java.base/java.util.concurrent",
                "java.base/java.util.concurrent.atomic", "java.base/java.io", "java.base/java.net", "java.base/java.nio",
                "java.base/sun.nio.ch", "java.base/java.text", "java.base/java.time", "java.base/java.math",
                "java.sql/java.sql").map(p -> "--add-opens=" + p + "=ALL-UNNAMED").toList();
    }
}
