package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.batch.generate.SettlementScenario;
import dev.recon.batch.generate.SettlementScenario.GroundTruth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable's contract (DESIGN.md "Command line", {@code ./recon batch}), run in-process
 * through {@link BatchReconApplication#run}: exit statuses, the one clear stderr line on failure,
 * the ground truth of generated data, and idempotent re-runs. Each test has its own H2 file database.
 */
class BatchReconCommandTest {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    @TempDir
    Path tmp;

    Path home;
    Path config;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        config = tmp.resolve("recon.yaml");
        Files.writeString(config, SettlementScenario.FEE_SCHEDULE_YAML);
    }

    int run(String... args) {
        errBytes.reset();
        return BatchReconApplication.run(args, err, Map.of("recon.batch.home", home.toString(), "recon.config",
                config.toString()));
    }

    String stderr() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    String[] args(GroundTruth truth, Path out) {
        return new String[] {"--channel", "adyen", "--date", DAY.toString(), "--settlement",
            truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--out", out.toString()};
    }

    @Test
    void everyInjectedBreakIsFoundAndNoFalseBreak() throws Exception {
        // given
        GroundTruth truth = new SettlementScenario(DAY, 200, 42).withMalformedRow().writeTo(tmp.resolve("in"));
        Path out = tmp.resolve("out");

        // when
        int status = run(args(truth, out));

        // then
        assertThat(status).as(stderr()).isZero();
        List<Map<String, String>> rows = ResultsCsv.read(out.resolve("results.csv"));
        Map<String, String> foundBreaks = new TreeMap<>();
        for (Map<String, String> r : rows) {
            String txn = r.get("transaction_id");
            SettlementScenario.Expected expected = !txn.isEmpty() ? truth.byTransactionId().get(txn)
                    : truth.byChannelRef().get(r.get("channel_ref"));
            assertThat(expected).as("unexpected result row %s", r).isNotNull();
            assertThat(r.get("status") + "/" + r.get("break_type")).as("row %s", r)
                    .isEqualTo(expected.status() + "/" + expected.breakType());
            if (r.get("status").equals("BREAK")) {
                foundBreaks.put(!txn.isEmpty() ? "txn:" + txn : "ref:" + r.get("channel_ref"), r.get("break_type"));
            }
        }
        assertThat(foundBreaks).isEqualTo(truth.injectedBreaks());
        assertThat(truth.injectedBreaks().values()).contains("MISSING_IN_CHANNEL", "MISSING_INTERNAL", "AMOUNT_MISMATCH",
                "CURRENCY_MISMATCH", "STATUS_MISMATCH", "DUPLICATE", "OVER_REFUND", "FEE_MISMATCH");

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("closed").asBoolean()).isTrue();
        assertThat(summary.path("settlement").path("balanced").asBoolean()).as(summary.toString()).isTrue();
        assertThat(summary.path("internal").path("balanced").asBoolean()).as(summary.toString()).isTrue();
        assertThat(summary.path("settlement").path("read").asLong()).isEqualTo(truth.settlementRows());
        assertThat(summary.path("settlement").path("quarantined").asLong()).isEqualTo(1);
        assertThat(summary.path("internal").path("read").asLong()).isEqualTo(truth.internalRows());
        assertThat(summary.path("internal").path("other_channels").asLong()).isEqualTo(truth.otherChannelRows());
        assertThat(summary.path("results").path("breaks").asLong()).isEqualTo(truth.injectedBreaks().size());
        List<String> quarantine = Files.readAllLines(out.resolve("quarantine.csv"));
        assertThat(quarantine).hasSize(2);
        assertThat(quarantine.get(1)).contains(truth.settlementCsv().toString()).contains("Gross Credit (GC)");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<svg").doesNotContain("<script")
                .contains("data-metric=\"results.breaks\">" + truth.injectedBreaks().size() + "<");
    }

    @Test
    void reRunWithSameInputsGivesIdenticalResults() throws Exception {
        // given
        GroundTruth truth = new SettlementScenario(DAY, 50, 7).writeTo(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        assertThat(run(args(truth, out))).as(stderr()).isZero();
        byte[] first = Files.readAllBytes(out.resolve("results.csv"));
        byte[] firstSummary = Files.readAllBytes(out.resolve("summary.json"));

        // when
        int status = run(args(truth, out));

        // then
        assertThat(status).as(stderr()).isZero();
        assertThat(Files.readAllBytes(out.resolve("results.csv"))).isEqualTo(first);
        assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(firstSummary);
        List<Map<String, String>> rows = ResultsCsv.read(out.resolve("results.csv"));
        assertThat(rows.stream().map(r -> r.get("recon_id")).distinct().count()).isEqualTo(rows.size());
    }

    @Test
    void controlTotalsNotTyingExitsThreeWithResultsWritten() throws Exception {
        // given
        GroundTruth truth = new SettlementScenario(DAY, 30, 3).withPayoutNotTying().writeTo(tmp.resolve("in"));
        Path out = tmp.resolve("out");

        // when
        int status = run(args(truth, out));

        // then
        assertThat(status).as(stderr()).isEqualTo(3);
        assertThat(stderr()).contains("control totals did not tie");
        assertThat(out.resolve("results.csv")).exists();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("closed").asBoolean()).isFalse();
        assertThat(summary.path("control_totals_ok").asBoolean()).isFalse();
    }

    @Test
    void missingSettlementFileExitsOneWithOneClearLine() throws Exception {
        // given
        GroundTruth truth = new SettlementScenario(DAY, 5, 1).writeTo(tmp.resolve("in"));
        Path missing = tmp.resolve("nope.csv");

        // when
        int status = run("--channel", "adyen", "--date", DAY.toString(), "--settlement", missing.toString(),
                "--internal", truth.internalCsv().toString(), "--out", tmp.resolve("out").toString());

        // then
        assertThat(status).isEqualTo(1);
        assertThat(stderr().lines().toList()).containsExactly("recon batch: " + missing + ": file not found");
    }

    @Test
    void settlementFileOfAnotherDayExitsOneWithOneClearLine() throws Exception {
        // given: a file for 2026-01-05 reconciled as 2026-03-01
        GroundTruth truth = new SettlementScenario(DAY, 5, 1).writeTo(tmp.resolve("in"));

        // when
        int status = run("--channel", "adyen", "--date", "2026-03-01", "--settlement", truth.settlementCsv().toString(),
                "--internal", truth.internalCsv().toString(), "--out", tmp.resolve("out").toString());

        // then
        assertThat(status).isEqualTo(1);
        List<String> lines = stderr().lines().filter(l -> !l.contains("rows/s")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("wrong file or wrong date").contains("2026-01-05").doesNotContain("Exception");
    }

    @Test
    void unknownFormatExitsOneAndBadUsageExitsTwo() throws Exception {
        GroundTruth truth = new SettlementScenario(DAY, 5, 1).writeTo(tmp.resolve("in"));
        String out = tmp.resolve("out").toString();

        assertThat(run("--channel", "adyen", "--date", DAY.toString(), "--format", "swiftish", "--settlement",
                truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--out", out)).isEqualTo(1);
        assertThat(stderr()).contains("unknown format 'swiftish'").doesNotContain("Exception");

        // a date that is not on the calendar is bad usage (DESIGN.md: exit 2), refused before any file is read
        assertThat(run("--channel", "adyen", "--date", "2026-02-30", "--settlement", truth.settlementCsv().toString(),
                "--internal", truth.internalCsv().toString(), "--out", out)).isEqualTo(2);
        assertThat(stderr()).contains("Invalid value for option '--date': '2026-02-30' is not a calendar date in "
                + "YYYY-MM-DD form").doesNotContain("Exception");

        assertThat(run("--channel", "adyen", "--date", DAY.toString(), "--amount-tolerance", "-0.01", "--settlement",
                truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--out", out)).isEqualTo(2);
        assertThat(stderr()).contains("'--amount-tolerance': must not be negative, was -0.01");

        assertThat(run("--channel", "adyen", "--settlement", truth.settlementCsv().toString())).isEqualTo(2);
        assertThat(stderr()).contains("Missing required option");
    }

    @Test
    void sameFileForAnotherDayIsReported() throws Exception {
        // given: the 2026-01-05 file was reconciled; the same bytes are given for 2026-01-06
        GroundTruth truth = new SettlementScenario(DAY, 20, 5).writeTo(tmp.resolve("in"));
        assertThat(run(args(truth, tmp.resolve("out1")))).as(stderr()).isZero();

        // when
        int status = run("--channel", "adyen", "--date", DAY.plusDays(1).toString(), "--settlement",
                truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--out",
                tmp.resolve("out2").toString());

        // then
        assertThat(status).as(stderr()).isIn(0, 3);
        assertThat(stderr()).contains("already reconciled for adyen " + DAY);
        JsonNode summary = new ObjectMapper().readTree(tmp.resolve("out2/summary.json").toFile());
        assertThat(summary.path("duplicate_files").toString()).contains("already reconciled for adyen " + DAY);
    }

    static Map<String, String> byId(List<Map<String, String>> rows) {
        Map<String, String> m = new HashMap<>();
        rows.forEach(r -> m.put(r.get("recon_id"), r.get("status")));
        return m;
    }
}
