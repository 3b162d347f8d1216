package dev.recon.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FraudEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private int seq;

    private PaymentEvent payment(String amount, String currency, int secondsAfterT0, TransactionStatus status,
                                 FraudFeatures features) {
        String id = "e" + (++seq);
        return new PaymentEvent(id, null, "p" + seq, null, "m1", "acc1", "adyen", null, null,
                TransactionType.PAYMENT, status, Money.parse(amount, currency), T0.plusSeconds(secondsAfterT0),
                features, null);
    }

    private static FraudFeatures card(String fingerprint) {
        return new FraudFeatures("c1", fingerprint, "411111", "1111", "DE", "dev1", "10.0.0.1", "DE");
    }

    private static FraudEvaluator evaluator(String yaml) {
        return new FraudEvaluator(FraudRuleSetLoader.parse(new StringReader(yaml), "test.yaml"));
    }

    @Test
    void amountThresholdFiresAtTheThresholdAndNotOneMinorUnitBelow() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: high, type: amount_threshold, score: 30, thresholds: {EUR: "5000.00", JPY: "700000"}}
                """);
        PaymentHistory h = new PaymentHistory();
        assertThat(ev.evaluate(payment("5000.00", "EUR", 0, TransactionStatus.SUCCEEDED, card("f")), h).score()).isEqualTo(30);
        assertThat(ev.evaluate(payment("4999.99", "EUR", 1, TransactionStatus.SUCCEEDED, card("f")), h).score()).isZero();
        assertThat(ev.evaluate(payment("700000", "JPY", 2, TransactionStatus.SUCCEEDED, card("f")), h).hits())
                .extracting(RuleHit::reason).containsExactly("amount 700000 JPY reaches threshold 700000 JPY");
        // a currency without a threshold never fires
        assertThat(ev.evaluate(payment("999999.00", "USD", 3, TransactionStatus.SUCCEEDED, card("f")), h).score()).isZero();
    }

    @Test
    void velocityCountsOnlyTheSameKeyInsideTheWindow() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: vel, type: velocity, dimension: CARD, window: PT10M, max_count: 3, score: 40}
                """);
        PaymentHistory h = new PaymentHistory();
        List<FraudScore> scores = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            scores.add(ev.evaluate(payment("10.00", "EUR", i * 60, TransactionStatus.SUCCEEDED, card("A")), h));
        }
        // another card in between does not count
        scores.add(ev.evaluate(payment("10.00", "EUR", 250, TransactionStatus.SUCCEEDED, card("B")), h));
        assertThat(scores).extracting(FraudScore::score).containsExactly(0, 0, 0, 40, 0);
        assertThat(scores.get(3).hits().get(0).reason()).isEqualTo("4 payments by one card within PT10M (max 3)");
        // eleven minutes after the first, only three are inside the window again
        assertThat(ev.evaluate(payment("10.00", "EUR", 11 * 60 + 1, TransactionStatus.SUCCEEDED, card("A")), h).score())
                .isZero();
    }

    @Test
    void velocityByAmountSumsOnlyTheSameCurrency() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: vel-amt, type: velocity, dimension: CUSTOMER, window: P1D, max_amounts: {EUR: "100.00"}, score: 30}
                """);
        PaymentHistory h = new PaymentHistory();
        assertThat(ev.evaluate(payment("60.00", "EUR", 0, TransactionStatus.SUCCEEDED, card("A")), h).score()).isZero();
        assertThat(ev.evaluate(payment("500.00", "USD", 1, TransactionStatus.SUCCEEDED, card("A")), h).score()).isZero();
        assertThat(ev.evaluate(payment("40.00", "EUR", 2, TransactionStatus.SUCCEEDED, card("A")), h).score()).isZero();
        assertThat(ev.evaluate(payment("0.01", "EUR", 3, TransactionStatus.SUCCEEDED, card("A")), h).score()).isEqualTo(30);
    }

    @Test
    void cardTestingNeedsSmallAttemptsAndFailures() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: ct, type: card_testing, dimension: DEVICE, window: PT15M, small_amounts: {EUR: "2.00"}, min_attempts: 4, min_failures: 2, score: 70}
                """);
        PaymentHistory h = new PaymentHistory();
        FraudFeatures device = card("A");
        ev.evaluate(payment("1.00", "EUR", 0, TransactionStatus.FAILED, device), h);
        ev.evaluate(payment("1.00", "EUR", 10, TransactionStatus.SUCCEEDED, device), h);
        ev.evaluate(payment("50.00", "EUR", 20, TransactionStatus.FAILED, device), h); // not small: not counted
        FraudScore third = ev.evaluate(payment("1.50", "EUR", 30, TransactionStatus.SUCCEEDED, device), h);
        FraudScore fourth = ev.evaluate(payment("0.50", "EUR", 40, TransactionStatus.FAILED, device), h);
        assertThat(third.score()).isZero();
        assertThat(fourth.score()).isEqualTo(70);
        assertThat(fourth.hits().get(0).reason()).contains("4 small attempts").contains("2 failed");
    }

    @Test
    void structuringCountsPaymentsJustBelowTheThreshold() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: st, type: structuring, dimension: CUSTOMER, window: P1D, thresholds: {EUR: "10000.00"}, band_bps: 1000, min_count: 3, score: 50}
                """);
        PaymentHistory h = new PaymentHistory();
        ev.evaluate(payment("9000.00", "EUR", 0, TransactionStatus.SUCCEEDED, card("A")), h);   // band floor: exactly 9000.00
        ev.evaluate(payment("8999.99", "EUR", 1, TransactionStatus.SUCCEEDED, card("A")), h);   // below the band
        ev.evaluate(payment("10000.00", "EUR", 2, TransactionStatus.SUCCEEDED, card("A")), h);  // at threshold: reported anyway
        ev.evaluate(payment("9999.99", "EUR", 3, TransactionStatus.SUCCEEDED, card("A")), h);
        FraudScore third = ev.evaluate(payment("9500.00", "EUR", 4, TransactionStatus.SUCCEEDED, card("A")), h);
        assertThat(third.score()).isEqualTo(50);
        assertThat(third.hits().get(0).reason()).isEqualTo("3 payments just below 10000.00 EUR within PT24H");
    }

    @Test
    void scoreIsCappedAndDecisionFollowsThresholdsAndHitsKeepRuleOrder() {
        FraudEvaluator ev = evaluator("""
                version: v7
                thresholds: {review: 40, decline: 90}
                rules:
                  - {id: mismatch, type: country_mismatch, score: 45}
                  - {id: bin, type: list, attribute: CARD_BIN, values: ["411111"], score: 80}
                """);
        FraudFeatures f = new FraudFeatures("c", "fp", "411111", "1111", "DE", "d", "1.2.3.4", "FR");
        FraudScore s = ev.evaluate(payment("1.00", "EUR", 0, TransactionStatus.SUCCEEDED, f), new PaymentHistory());
        assertThat(s.score()).isEqualTo(100);
        assertThat(s.decision()).isEqualTo(FraudDecision.DECLINE);
        assertThat(s.ruleIds()).isEqualTo("mismatch;bin");
        assertThat(s.rulesVersion()).isEqualTo("v7");
        FraudFeatures sameCountry = new FraudFeatures("c", "fp", "999999", "1111", "DE", "d", "1.2.3.4", "DE");
        assertThat(ev.evaluate(payment("1.00", "EUR", 1, TransactionStatus.SUCCEEDED, sameCountry), new PaymentHistory())
                .decision()).isEqualTo(FraudDecision.ALLOW);
    }

    /**
     * combine puts hits in rule-set order whatever order they come in (the windowed parts arrive
     * from other stages), keeps hits of one rule in the order given, and puts a hit of a rule the set
     * does not have first (as searching the ids did); retention is the rule set's.
     */
    @Test
    void combineOrdersHitsByTheRuleSetAndRetentionIsTheRuleSets() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: mismatch, type: country_mismatch, score: 5}
                  - {id: vel, type: velocity, dimension: CARD, window: PT10M, max_count: 1, score: 7}
                  - {id: vel-long, type: velocity, dimension: CARD, window: PT1H, max_count: 9, score: 11}
                  - {id: bin, type: list, attribute: CARD_BIN, values: ["411111"], score: 13}
                """);
        PaymentEvent e = payment("1.00", "EUR", 0, TransactionStatus.SUCCEEDED, card("A"));
        FraudScore s = ev.combine(e, List.of(new RuleHit("bin", 13, "b"), new RuleHit("vel-long", 11, "l1"),
                new RuleHit("mismatch", 5, "m"), new RuleHit("gone", 1, "g"), new RuleHit("vel-long", 11, "l2")));
        assertThat(s.hits()).extracting(RuleHit::reason).containsExactly("g", "m", "l1", "l2", "b");
        assertThat(s.score()).isEqualTo(41);
        assertThat(ev.retention()).isEqualTo(ev.ruleSet().retention())
                .containsExactly(java.util.Map.entry(Dimension.CARD, java.time.Duration.ofHours(1)));
    }

    @Test
    void aRedeliveredEventDoesNotCountAgainstItself() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: vel, type: velocity, dimension: CARD, window: PT10M, max_count: 1, score: 40}
                """);
        PaymentEvent e = payment("10.00", "EUR", 0, TransactionStatus.SUCCEEDED, card("A"));
        List<PastPayment> history = List.of(new PastPayment(e.eventId(), e.eventTime(), e.amount(), e.status()));
        assertThat(ev.evaluateWindowed(e, Dimension.CARD, history)).isEmpty();
    }

    @Test
    void historyKeepsOnlyWhatTheLongestWindowCanSee() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: vel, type: velocity, dimension: CARD, window: PT10M, max_count: 100, score: 40}
                """);
        PaymentHistory h = new PaymentHistory();
        for (int i = 0; i < 100; i++) {
            ev.evaluate(payment("1.00", "EUR", i * 60, TransactionStatus.SUCCEEDED, card("A")), h);
        }
        assertThat(h.size()).isEqualTo(10);
    }

    @Test
    void eventsWithoutTheDimensionAreNotCountedTogether() {
        FraudEvaluator ev = evaluator("""
                version: v1
                rules:
                  - {id: vel, type: velocity, dimension: DEVICE, window: PT10M, max_count: 1, score: 40}
                """);
        PaymentHistory h = new PaymentHistory();
        FraudFeatures none = FraudFeatures.NONE;
        assertThat(ev.evaluate(payment("1.00", "EUR", 0, TransactionStatus.SUCCEEDED, none), h).score()).isZero();
        assertThat(ev.evaluate(payment("1.00", "EUR", 1, TransactionStatus.SUCCEEDED, none), h).score()).isZero();
    }
}
