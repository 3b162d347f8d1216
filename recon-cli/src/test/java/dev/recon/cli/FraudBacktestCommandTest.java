package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recon fraud backtest} through the command line: ordering, verdicts, per-rule hits, refused lines. */
class FraudBacktestCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ReconCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static String event(int i, String amount, String status, int minute) {
        return "{\"event_id\":\"e" + i + "\",\"payment_id\":\"p" + i + "\",\"merchant_id\":\"m1\",\"account_id\":\"a1\","
                + "\"channel\":\"adyen\",\"type\":\"PAYMENT\",\"status\":\"" + status + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"EUR\",\"event_time\":\"2026-11-20T10:" + String.format("%02d", minute) + ":00Z\","
                + "\"customer_id\":\"c1\",\"card_fingerprint\":\"fp1\",\"device_id\":\"d1\",\"card_country\":\"DE\","
                + "\"ip_country\":\"DE\"}";
    }

    @Test
    void cardTestingIsFlaggedInEventTimeOrderAndBadLinesAreRefusedWithTheirReason() throws Exception {
        // given: five small attempts on one device, three declined, written out of order; one broken line
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                version: bt-1
                thresholds: {review: 50, decline: 80}
                rules:
                  - {id: card-testing, type: card_testing, dimension: DEVICE, window: PT15M, small_amounts: {EUR: "2.00"}, min_attempts: 5, min_failures: 3, score: 70}
                  - {id: high-amount, type: amount_threshold, score: 30, thresholds: {EUR: "5000.00"}}
                """);
        List<String> lines = new ArrayList<>();
        lines.add(event(5, "1.00", "FAILED", 5));
        lines.add(event(1, "1.00", "FAILED", 1));
        lines.add(event(2, "1.50", "SUCCEEDED", 2));
        lines.add("{\"event_id\": \"broken\"");
        lines.add(event(3, "0.99", "FAILED", 3));
        lines.add(event(4, "1.00", "SUCCEEDED", 4));
        lines.add(event(6, "6000.00", "SUCCEEDED", 6));
        Path events = tmp.resolve("events.jsonl");
        Files.write(events, lines, StandardCharsets.UTF_8);
        Path dir = tmp.resolve("out");

        // when
        int status = run("fraud", "backtest", "--rules", rules.toString(), "--events", events.toString(), "--out", dir.toString());

        // then
        assertThat(status).as(err.toString()).isZero();
        List<String> fraud = Files.readAllLines(dir.resolve("fraud.csv"));
        assertThat(fraud.get(0)).isEqualTo("event_id,payment_id,transaction_id,merchant_id,channel,event_time,score,decision,rules,reasons,rules_version");
        assertThat(fraud).hasSize(7);
        // e5 is the fifth attempt in event time, although it is the first line of the file
        assertThat(fraud.get(5)).startsWith("e5,p5,p5,m1,adyen,2026-11-20T10:05:00Z,70,REVIEW,card-testing,");
        assertThat(fraud.get(4)).contains(",0,ALLOW,");
        assertThat(fraud.get(6)).startsWith("e6,").contains(",30,ALLOW,high-amount,");
        assertThat(Files.readAllLines(dir.resolve("rules.csv"))).containsExactly("rule,hits,rules_version",
                "card-testing,1,bt-1", "high-amount,1,bt-1");
        List<String> refused = Files.readAllLines(dir.resolve("refused.csv"));
        assertThat(refused).hasSize(2);
        assertThat(refused.get(1)).contains(events + ",4,UNPARSABLE_JSON");
        assertThat(err.toString()).contains("7 lines, 6 events scored with rules bt-1").contains("1 refused");
    }

    @Test
    void anInvalidRulesFileFailsWithEveryProblemAndNoStackTrace() throws Exception {
        Path rules = tmp.resolve("bad.yaml");
        Files.writeString(rules, "rules:\n  - {id: a, type: velocity, score: 400}\n");
        Path events = tmp.resolve("e.jsonl");
        Files.writeString(events, "");
        int status = run("fraud", "backtest", "--rules", rules.toString(), "--events", events.toString(), "--out", tmp.toString());
        assertThat(status).isEqualTo(ReconCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("'version' is required").contains("'score' must be between 0 and 100")
                .doesNotContain("\tat ");
    }
}
