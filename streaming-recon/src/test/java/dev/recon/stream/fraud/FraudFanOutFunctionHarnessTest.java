package dev.recon.stream.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.fraud.FraudScore;
import dev.recon.stream.StreamFixtures;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * A verdict of one part (the event has no key on a windowed dimension) is scored by the first
 * stage itself, exactly as the combine stage scores the same instant part; an event with windowed
 * parts still goes to the windows and the combine stage.
 */
class FraudFanOutFunctionHarnessTest {

    private static PaymentEvent event(String id, String amount, FraudFeatures features) {
        return new PaymentEvent(id, null, "p-" + id, null, "m", null, "acq", "R-" + id, null, TransactionType.PAYMENT,
                TransactionStatus.SUCCEEDED, Money.parse(amount, "EUR"), StreamFixtures.T0, features, null);
    }

    @Test
    void anEventWithoutWindowedKeysIsScoredAtOnceAsTheCombineStageWouldScoreIt() throws Exception {
        FraudRules rules = FraudRules.builtIn();
        PaymentEvent plain = event("e1", "6000.00", null);
        PaymentEvent keyed = event("e2", "6000.00",
                new FraudFeatures("cust", "fp", "400000", null, null, null, null, null));
        try (var harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new FraudFanOutFunction(rules),
                FraudRules.BROADCAST_STATE)) {
            harness.processElement(plain, 0);
            harness.processElement(keyed, 0);

            List<FraudScore> scored = harness.getSideOutput(FraudFanOutFunction.SCORED).stream()
                    .map(StreamRecord::getValue).toList();
            var evaluator = new dev.recon.fraud.FraudEvaluator(rules.load());
            FraudScore expected = evaluator.combine(plain, evaluator.evaluateInstant(plain));
            assertThat(scored).containsExactly(expected);
            assertThat(expected.ruleIds()).as("the instant rules fired").contains("high-amount");

            assertThat(harness.extractOutputValues()).singleElement().satisfies(p -> {
                assertThat(p.eventId()).isEqualTo("e2");
                assertThat(p.expectedParts()).isGreaterThan(1);
            });
            assertThat(harness.getSideOutput(FraudFanOutFunction.TO_WINDOWS)).hasSize(
                    harness.extractOutputValues().get(0).expectedParts() - 1);
        }
    }
}
