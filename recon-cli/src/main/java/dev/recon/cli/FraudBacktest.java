package dev.recon.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.security.SpreadsheetText;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.fraud.FraudDecision;
import dev.recon.fraud.FraudEvaluator;
import dev.recon.fraud.FraudRule;
import dev.recon.fraud.FraudRuleSet;
import dev.recon.fraud.FraudScore;
import dev.recon.fraud.PaymentHistory;
import dev.recon.fraud.RuleHit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded payment events through a rule set, the way the streaming job scores them:
 * in event-time order (ties by event id), each key's history held in memory, same evaluator.
 * What a rules change would have flagged can then be read before it goes live.
 *
 * <p>Holds the scored events' summaries in memory to sort them by event time; the history itself
 * is bounded by the rule windows.
 */
final class FraudBacktest {

    private final FraudRuleSet ruleSet;

    FraudBacktest(FraudRuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    record Summary(long read, long scored, long refused, Map<FraudDecision, Long> decisions, String version) {
        String line() {
            return "recon fraud backtest: " + read + " lines, " + scored + " events scored with rules " + version
                    + " " + decisions + ", " + refused + " refused";
        }
    }

    Summary run(Path eventsFile, Path out, PrintWriter progress) throws IOException {
        List<PaymentEvent> events = new ArrayList<>();
        List<List<String>> refused = new ArrayList<>();
        long read = 0;
        try (BufferedReader in = Files.newBufferedReader(eventsFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                read++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(PaymentEventJson.read(line, SourceLocation.ofFile(eventsFile.toString(), read)));
                } catch (EventRejectedException e) {
                    refused.add(List.of(eventsFile.toString(), Long.toString(read), e.reason().name(),
                            e.field() == null ? "" : e.field(), e.detail()));
                }
            }
        }
        events.sort(Comparator.comparing(PaymentEvent::eventTime).thenComparing(PaymentEvent::eventId));

        FraudEvaluator evaluator = new FraudEvaluator(ruleSet);
        PaymentHistory history = new PaymentHistory();
        Map<FraudDecision, Long> decisions = new EnumMap<>(FraudDecision.class);
        Map<String, long[]> hitsByRule = new LinkedHashMap<>();
        for (FraudRule rule : ruleSet.rules()) {
            hitsByRule.put(rule.id(), new long[1]);
        }
        Files.createDirectories(out);
        long scored = 0;
        try (Writer w = Files.newBufferedWriter(out.resolve("fraud.csv"), StandardCharsets.UTF_8);
             CsvWriter csv = csv(w)) {
            csv.writeRecord(FraudScore.CSV_COLUMNS);
            for (PaymentEvent event : events) {
                if (!evaluator.isScored(event)) {
                    continue;
                }
                FraudScore score = evaluator.evaluate(event, history);
                scored++;
                decisions.merge(score.decision(), 1L, Long::sum);
                for (RuleHit hit : score.hits()) {
                    hitsByRule.get(hit.ruleId())[0]++;
                }
                csv.writeRecord(score.csvCells().stream().map(SpreadsheetText::neutralise).toList());
                if (scored % 100_000 == 0) {
                    progress.printf("recon fraud backtest: %,d events scored%n", scored);
                }
            }
        }
        try (Writer w = Files.newBufferedWriter(out.resolve("rules.csv"), StandardCharsets.UTF_8);
             CsvWriter csv = csv(w)) {
            csv.writeRecord("rule", "hits", "rules_version");
            for (Map.Entry<String, long[]> e : hitsByRule.entrySet()) {
                csv.writeRecord(e.getKey(), Long.toString(e.getValue()[0]), ruleSet.version());
            }
        }
        try (Writer w = Files.newBufferedWriter(out.resolve("refused.csv"), StandardCharsets.UTF_8);
             CsvWriter csv = csv(w)) {
            csv.writeRecord("source", "line", "reason", "field", "detail");
            for (List<String> r : refused) {
                csv.writeRecord(r.stream().map(SpreadsheetText::neutralise).toList());
            }
        }
        return new Summary(read, scored, refused.size(), decisions, ruleSet.version());
    }

    private static CsvWriter csv(Writer w) {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w);
    }
}
