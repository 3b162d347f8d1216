package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.stream.ReconJobConfig;
import dev.recon.stream.ReconScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded file mode on an in-process Flink MiniCluster (no external services): generated
 * traffic with injected breaks, lines shuffled out of time order, a refused line and a blank line;
 * results.csv must carry the ground truth whatever the order.
 */
class FileReconJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void filesInResultsCsvOutWithTheGroundTruth(@TempDir Path dir) throws Exception {
        var scenario = ReconScenario.generate(400, 4);
        List<String> paymentLines = new ArrayList<>(scenario.payments.stream()
                .map(PaymentEventJson::writeString).toList());
        // One card used seven times in three minutes: the 10-minute velocity rule (max 5) fires twice.
        for (int i = 0; i < 7; i++) {
            paymentLines.add("{\"event_id\":\"card-" + i + "\",\"payment_id\":\"c" + i + "\",\"channel\":\"acq\","
                    + "\"channel_ref\":\"CARD-" + i + "\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\","
                    + "\"amount\":\"25.00\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T12:0" + (i / 3)
                    + ":" + (10 + i) + "Z\",\"card_fingerprint\":\"fp-1\"}");
        }
        java.util.Collections.shuffle(paymentLines, new java.util.Random(7));
        paymentLines.add(3, "");
        paymentLines.add(5, "{\"event_id\":\"e-bad\",\"payment_id\":\"x\",\"channel\":\"acq\",\"type\":\"PAYMENT\","
                + "\"status\":\"SUCCEEDED\",\"amount\":\"1.005\",\"currency\":\"EUR\",\"card\":\"4111111111111111\","
                + "\"event_time\":\"2026-11-21T10:00:00Z\"}");
        Path payments = Files.write(dir.resolve("events.jsonl"), paymentLines);
        List<String> callbackLines = new ArrayList<>(scenario.callbacks.stream()
                .map(ChannelCallbackJson::writeString).toList());
        java.util.Collections.shuffle(callbackLines, new java.util.Random(11));
        Path callbacks = Files.write(dir.resolve("callbacks.jsonl"), callbackLines);
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        FileReconJob.Summary summary = FileReconJob.run(env, List.of(payments), List.of(callbacks), out,
                ReconJobConfig.defaults());

        Map<String, String> outcomeByPayment = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        List<String> missingInternal = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(out.resolve("results.csv"))) {
            for (NamedCsvRecord r : csv) {
                String breakType = r.getField("break_type");
                versions.add(r.getField("recon_id"));
                if (!r.getField("transaction_id").isEmpty()) {
                    assertThat(outcomeByPayment.put(r.getField("payment_id"),
                            breakType.isEmpty() ? r.getField("status") : breakType)).as("one row per payment").isNull();
                } else if (breakType.equals("DUPLICATE")) {
                    duplicates.add(r.getField("channel_ref"));
                } else if (breakType.equals("MISSING_INTERNAL")) {
                    missingInternal.add(r.getField("channel_ref"));
                }
            }
        }
        assertThat(outcomeByPayment).hasSize(scenario.truth.size() + 7).containsAllEntriesOf(scenario.truth);
        assertThat(duplicates).containsExactlyInAnyOrderElementsOf(scenario.duplicateRefs);
        assertThat(missingInternal).containsExactly("PSP-ghost");
        assertThat(versions).as("one row per recon_id, sorted").isSorted().doesNotHaveDuplicates();
        assertThat(summary.results()).isEqualTo(scenario.expectedRows() + 7);

        String deadLetters = Files.readString(out.resolve("dead-letters.csv"));
        assertThat(summary.deadLetters()).isOne();
        assertThat(deadLetters).contains("events.jsonl", ",6,AMOUNT_PRECISION,amount,", "411111******1111")
                .doesNotContain("4111111111111111");
        List<String> fraud = Files.readAllLines(out.resolve("fraud.csv"));
        assertThat(fraud.get(0)).startsWith("event_id,payment_id");
        assertThat(summary.fraudScores()).as("one verdict per payment event").isEqualTo(400 + 7);
        assertThat(fraud).filteredOn(l -> l.contains("velocity-card-10m")).extracting(l -> l.split(",")[0])
                .containsExactly("card-5", "card-6");
        assertThat(out.resolve(".parts")).doesNotExist();
    }

    @Test
    void badUsageExitsWithTwoAndAMissingFileWithOne(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(FileReconJob.run(new String[] {"--payments", "x"}, p)).isEqualTo(2);
        assertThat(FileReconJob.run(new String[] {"--payments", dir.resolve("none.jsonl").toString(), "--callbacks",
            dir.resolve("none.jsonl").toString(), "--out", dir.toString()}, p)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing --callbacks", "none.jsonl: cannot read")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void aClassThatCanNoLongerBeLoadedAfterTheRunIsNotPrintedButOtherErrorsAre() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        Thread hook = new Thread(() -> { }, "flink-shutdown-hook-1");
        FileReconJob.afterTheRun(hook, new NoClassDefFoundError("scala/collection/mutable/Set$"), err);
        FileReconJob.afterTheRun(hook, new ClassNotFoundException("scala.collection.mutable.Set$"), err);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEmpty();

        FileReconJob.afterTheRun(hook, new IllegalStateException("disk full while closing"), err);
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .startsWith("Exception in thread \"flink-shutdown-hook-1\" java.lang.IllegalStateException: disk full while closing");
    }
}
