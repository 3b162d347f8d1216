package dev.recon.stream.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.fraud.FraudDecision;
import dev.recon.fraud.FraudScore;
import dev.recon.fraud.RuleHit;
import dev.recon.stream.StreamFixtures;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FraudCombineFunctionHarnessTest {

    @Test
    void theVerdictWaitsForEveryPartThenSumsThemAndClearsTheKey() throws Exception {
        PaymentEvent e = new PaymentEvent("e1", null, "p1", null, "m", null, "acq", "R1", null,
                TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, Money.parse("6000.00", "EUR"), StreamFixtures.T0,
                new FraudFeatures("cust", "fp", "400000", null, null, null, null, null), null);
        try (var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new FraudCombineFunction(FraudRules.builtIn()), FraudPart::eventId, Types.STRING,
                FraudRules.BROADCAST_STATE)) {

            harness.processElement(new FraudPart("e1", null, 0, List.of(new RuleHit("velocity-card-10m", 40, "v"))), 0);
            harness.processElement(new FraudPart("e1", e, 3, List.of(new RuleHit("high-amount", 30, "a"),
                    new RuleHit("blocked-bin", 80, "b"))), 0);
            assertThat(harness.extractOutputValues()).as("one part still missing").isEmpty();
            harness.processElement(new FraudPart("e1", null, 0, List.of()), 0);

            assertThat(harness.extractOutputValues()).singleElement().satisfies((FraudScore s) -> {
                assertThat(s.score()).isEqualTo(100);
                assertThat(s.decision()).isEqualTo(FraudDecision.DECLINE);
                assertThat(s.ruleIds()).isEqualTo("high-amount;blocked-bin;velocity-card-10m");
            });
            assertThat(WindowedRuleFunctionHarnessTest.keyedStateEntries(harness)).isZero();
        }
    }
}
