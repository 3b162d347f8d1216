package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.batch.generate.MultiDayScenario;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three business days in a row through {@link BatchReconApplication#run} with one operational
 * database (H2 file), settlement T+2: every key's status, break type and age each day equals
 * {@link MultiDayScenario}'s ground truth, open items come back from the database (days 2 and 3
 * export only their own entries), a late settlement resolves an earlier break under the same
 * recon_id, and no payment ever ends with two rows.
 */
class MultiDayReconTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 1, 7);

    @TempDir
    Path tmp;

    @Test
    void pendingThenMatchedAcrossDaysWithAgeingBreaks() throws Exception {
        // given
        List<MultiDayScenario.Day> days = new MultiDayScenario(DAY1, 12).writeTo(tmp.resolve("in"));
        Path config = tmp.resolve("recon.yaml");
        Files.writeString(config, MultiDayScenario.LAG_YAML);
        Map<String, Object> props = Map.of("recon.batch.home", tmp.resolve("home").toString(), "recon.config",
                config.toString());
        Map<String, String> reconIdByKey = new HashMap<>();
        Map<String, Map<String, String>> latestById = new TreeMap<>();

        for (MultiDayScenario.Day day : days) {
            // when
            Path out = tmp.resolve("out-" + day.date());
            ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
            int status = BatchReconApplication.run(new String[] {"--channel", "adyen", "--date", day.date().toString(),
                "--settlement", day.settlementCsv().toString(), "--internal", day.internalCsv().toString(), "--out",
                out.toString()}, new PrintStream(errBytes, true, StandardCharsets.UTF_8), props);

            // then
            String stderr = errBytes.toString(StandardCharsets.UTF_8);
            assertThat(status).as(day.date() + ": " + stderr).isZero();
            Map<String, String> found = new TreeMap<>();
            for (Map<String, String> r : ResultsCsv.read(out.resolve("results.csv"))) {
                String key = r.get("transaction_id").isEmpty() ? "ref:" + r.get("channel_ref") : r.get("transaction_id");
                assertThat(found.put(key, r.get("status") + "/" + r.get("break_type") + "/" + r.get("age_days")))
                        .as("%s: a second row for %s", day.date(), key).isNull();
                assertThat(r.get("business_date")).isEqualTo(day.date().toString());
                String earlier = reconIdByKey.putIfAbsent(key, r.get("recon_id"));
                assertThat(earlier == null ? r.get("recon_id") : earlier).as("recon_id of %s stays", key)
                        .isEqualTo(r.get("recon_id"));
                Map<String, String> before = latestById.put(r.get("recon_id"), r);
                if (before != null) {
                    assertThat(Long.parseLong(r.get("version"))).as("new version of %s", key)
                            .isGreaterThan(Long.parseLong(before.get("version")));
                }
            }
            Map<String, String> expected = new TreeMap<>();
            day.expected().forEach((k, e) -> expected.put(k, e.status() + "/" + e.breakType() + "/" + e.ageDays()));
            assertThat(found).as("results of %s", day.date()).isEqualTo(expected);

            JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertThat(summary.get("closed").asBoolean()).as(summary.toPrettyString()).isTrue();
            assertThat(summary.at("/settlement/balanced").asBoolean()).as(summary.toPrettyString()).isTrue();
            assertThat(summary.at("/internal/balanced").asBoolean()).as(summary.toPrettyString()).isTrue();
            assertThat(summary.at("/internal/outside_window").asLong()).isEqualTo(day.outsideWindow());
            assertThat(summary.at("/internal/decided_earlier").asLong()).isEqualTo(day.decidedEarlier());
            long open = day.expected().values().stream().filter(e -> e.status().equals("PENDING")
                    || e.breakType().startsWith("MISSING")).count();
            assertThat(summary.get("open_items_carried_forward").asLong()).isEqualTo(open);
        }

        // The 23:59 capture, the late settlement and the late ledger entry end with one row each, none a break;
        // only the final amount break and the never-settled payment stay breaks.
        assertThat(latestById.values()).filteredOn(r -> r.get("status").equals("BREAK"))
                .extracting(r -> r.get("transaction_id"))
                .containsExactlyInAnyOrder("amt-2", "never-1");
        assertThat(latestById.values()).filteredOn(r -> r.get("transaction_id").equals("late-2359")).singleElement()
                .satisfies(r -> assertThat(r.get("status")).isEqualTo("MATCHED"));
        assertThat(latestById.values()).filteredOn(r -> r.get("rule").equals("carried:resolved")).hasSize(1);
    }

    @Test
    void reRunningAnEarlierDayGivesTheSameResults() throws Exception {
        // given
        List<MultiDayScenario.Day> days = new MultiDayScenario(DAY1, 5).writeTo(tmp.resolve("in"));
        Path config = tmp.resolve("recon.yaml");
        Files.writeString(config, MultiDayScenario.LAG_YAML);
        Map<String, Object> props = Map.of("recon.batch.home", tmp.resolve("home").toString(), "recon.config",
                config.toString());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            MultiDayScenario.Day day = days.get(i);
            assertThat(BatchReconApplication.run(args(day, tmp.resolve("first-" + i)), quiet, props)).isZero();
        }

        // when: day 2 again, with the same files
        int status = BatchReconApplication.run(args(days.get(1), tmp.resolve("again")), quiet, props);

        // then
        assertThat(status).isZero();
        assertThat(Files.readString(tmp.resolve("again/results.csv")))
                .isEqualTo(Files.readString(tmp.resolve("first-1/results.csv")));
        assertThat(Files.readString(tmp.resolve("again/summary.json")))
                .isEqualTo(Files.readString(tmp.resolve("first-1/summary.json")));
    }

    private static String[] args(MultiDayScenario.Day day, Path out) {
        return new String[] {"--channel", "adyen", "--date", day.date().toString(), "--settlement",
            day.settlementCsv().toString(), "--internal", day.internalCsv().toString(), "--out", out.toString()};
    }
}
