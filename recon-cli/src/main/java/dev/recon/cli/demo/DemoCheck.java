package dev.recon.cli.demo;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares what the jobs reported with what {@link DemoTraffic} injected: every injected break
 * found with its type, no break where none was injected, every fraud pattern caught by its rule and
 * no clean payment sent to review. This is the demo's proof that the platform works, shown in the
 * summary and the report.
 */
public final class DemoCheck {

    /** Which rule must fire for each injected fraud pattern (rule ids of the shipped rule set). */
    static final Map<String, String> RULE_FOR_PATTERN = Map.of(
            "card-testing", "card-testing-device",
            "velocity", "velocity-card-10m",
            "structuring", "structuring-customer",
            "blocked-bin", "blocked-bin",
            "country-mismatch", "card-ip-country-mismatch",
            "high-amount", "high-amount");

    /** One key whose reported outcome differs from the injected truth. */
    public record Miss(String key, String expected, String actual, String detail) {
    }

    /** The comparison for one leg (stream or batch). */
    public record LegCheck(String leg, int expected, int agreed, Map<String, Long> reportedByOutcome,
            Map<String, Long> injectedBreaks, List<Miss> misses, List<String> reconIds) {

        public boolean ok() {
            return misses.isEmpty();
        }

        public long falseBreaks() {
            return misses.stream().filter(m -> !"BREAK".equals(kind(m.expected())) && "BREAK".equals(kind(m.actual())))
                    .count();
        }

        public long missedBreaks() {
            return misses.stream().filter(m -> "BREAK".equals(kind(m.expected())) && !m.expected().equals(m.actual()))
                    .count();
        }

        private static String kind(String outcome) {
            return outcome == null || outcome.equals("MATCHED") || outcome.equals("PENDING") || outcome.equals("(none)")
                    ? outcome : "BREAK";
        }
    }

    /** Per fraud pattern: how many of its payments the expected rule flagged. */
    public record FraudCheck(Map<String, Integer> caughtByPattern, Map<String, Integer> sizeOfPattern,
            Map<String, Long> hitsByRule, Map<String, Long> byDecision, List<String> cleanPaymentsFlagged) {

        public boolean ok() {
            return cleanPaymentsFlagged.isEmpty() && caughtByPattern.values().stream().allMatch(n -> n > 0)
                    && caughtByPattern.size() == sizeOfPattern.size();
        }
    }

    /** Refused input: lines of the stream's dead-letters.csv and rows of the batch's quarantine.csv, against what was injected. */
    public record Refused(int deadLettersExpected, long deadLetters, int quarantinedExpected, long quarantined) {

        public boolean ok() {
            return deadLetters == deadLettersExpected && quarantined == quarantinedExpected;
        }
    }

    private DemoCheck() {
    }

    /** Counts the refused input the jobs wrote aside. */
    public static Refused refused(DemoTraffic.Written input, Path deadLettersCsv, Path quarantineCsv) throws IOException {
        return new Refused(input.deadLetters(), rows(deadLettersCsv), input.quarantinedRows(), rows(quarantineCsv));
    }

    private static long rows(Path csv) throws IOException {
        long n = 0;
        try (CsvReader<NamedCsvRecord> r = CsvReader.builder().ofNamedCsvRecord(csv, StandardCharsets.UTF_8)) {
            for (NamedCsvRecord ignored : r) {
                n++;
            }
        }
        return n;
    }

    /** Reads a results.csv and compares it with the leg's expectations. */
    public static LegCheck leg(String leg, List<DemoTraffic.Expectation> expectations, Path resultsCsv)
            throws IOException {
        Map<String, String> truth = new LinkedHashMap<>();
        for (DemoTraffic.Expectation e : expectations) {
            if (e.leg().equals(leg)) {
                truth.put(e.key(), e.outcome());
            }
        }
        Map<String, String> reported = new HashMap<>();
        Map<String, String> details = new HashMap<>();
        Map<String, Long> byOutcome = new TreeMap<>();
        List<String> reconIds = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(resultsCsv, StandardCharsets.UTF_8)) {
            for (NamedCsvRecord r : csv) {
                reconIds.add(r.getField("recon_id"));
                String status = r.getField("status");
                String breakType = r.getField("break_type");
                String outcome = status.equals("BREAK") ? breakType : status;
                String key;
                if (breakType.equals("MISSING_INTERNAL") || breakType.equals("DUPLICATE")) {
                    key = "ref:" + r.getField("channel_ref") + ":" + breakType;
                } else if (!r.getField("transaction_id").isEmpty()) {
                    key = "txn:" + r.getField("transaction_id");
                } else {
                    continue; // fee, payout and other non-payment lines: reported apart, not breaks
                }
                byOutcome.merge(outcome, 1L, Long::sum);
                reported.put(key, outcome);
                details.put(key, r.getField("detail"));
            }
        }
        List<Miss> misses = new ArrayList<>();
        Map<String, Long> injected = new TreeMap<>();
        int agreed = 0;
        for (Map.Entry<String, String> e : truth.entrySet()) {
            String expected = e.getValue();
            if (!expected.equals("MATCHED") && !expected.equals("PENDING")) {
                injected.merge(expected, 1L, Long::sum);
            }
            String actual = reported.remove(e.getKey());
            if (expected.equals(actual)) {
                agreed++;
            } else {
                misses.add(new Miss(e.getKey(), expected, actual == null ? "(none)" : actual, details.get(e.getKey())));
            }
        }
        // Rows for keys nobody injected: only a break there is a false alarm.
        reported.forEach((key, outcome) -> {
            if (!outcome.equals("MATCHED")) {
                misses.add(new Miss(key, "(none)", outcome, details.get(key)));
            }
        });
        return new LegCheck(leg, truth.size(), agreed, byOutcome, injected, misses, List.copyOf(reconIds));
    }

    /** Reads fraud.csv and checks each injected pattern was caught and no clean payment was flagged. */
    public static FraudCheck fraud(Map<String, String> patterns, Path fraudCsv) throws IOException {
        Map<String, Integer> caught = new TreeMap<>();
        Map<String, Integer> size = new TreeMap<>();
        patterns.values().forEach(p -> size.merge(p, 1, Integer::sum));
        Map<String, Long> hitsByRule = new TreeMap<>();
        Map<String, Long> byDecision = new TreeMap<>();
        List<String> cleanFlagged = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(fraudCsv, StandardCharsets.UTF_8)) {
            for (NamedCsvRecord r : csv) {
                String paymentId = r.getField("payment_id");
                String decision = r.getField("decision");
                byDecision.merge(decision, 1L, Long::sum);
                List<String> rules = List.of(r.getField("rules").split("[;, |]+"));
                for (String rule : rules) {
                    if (!rule.isBlank()) {
                        hitsByRule.merge(rule, 1L, Long::sum);
                    }
                }
                String pattern = patterns.get(paymentId);
                if (pattern != null && rules.contains(RULE_FOR_PATTERN.get(pattern))) {
                    caught.merge(pattern, 1, Integer::sum);
                } else if (pattern == null && !decision.equals("ALLOW")) {
                    cleanFlagged.add(paymentId + " (" + decision + ": " + r.getField("rules") + ")");
                }
            }
        }
        size.keySet().forEach(p -> caught.putIfAbsent(p, 0));
        return new FraudCheck(caught, size, hitsByRule, byDecision, cleanFlagged);
    }
}
