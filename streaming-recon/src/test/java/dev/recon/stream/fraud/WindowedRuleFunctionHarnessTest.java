package dev.recon.stream.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.fraud.Dimension;
import dev.recon.stream.StreamFixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The windowed fraud stage scores in event-time order whatever the arrival order, and forgets a
 * key once its history has left the longest window (default rule set: card velocity, 10 minutes,
 * more than 5 payments).
 */
class WindowedRuleFunctionHarnessTest {

    private static PaymentEvent cardPayment(int i) {
        return new PaymentEvent("card-" + i, null, "c" + i, null, "m", null, "acq", "R" + i, null,
                TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, Money.parse("25.00", "EUR"),
                StreamFixtures.T0.plusSeconds(20L * i),
                new FraudFeatures(null, "fp-1", null, null, null, null, null, null), null);
    }

    @ParameterizedTest(name = "arrival order seed {0}")
    @ValueSource(ints = {1, 2, 3})
    void velocityFiresOnTheSixthAndSeventhPaymentByEventTime(int seed) throws Exception {
        List<PaymentEvent> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(cardPayment(i));
        }
        Collections.shuffle(events, new Random(seed));
        try (var harness = harness()) {
            for (PaymentEvent e : events) {
                harness.processElement(new DimensionedEvent(Dimension.CARD, "fp-1", e), e.eventTime().toEpochMilli());
            }
            assertThat(harness.extractOutputValues()).as("nothing before the watermark").isEmpty();

            harness.watermark(StreamFixtures.millis(5));

            List<FraudPart> parts = harness.extractOutputValues();
            assertThat(parts).hasSize(7);
            assertThat(parts).filteredOn(p -> !p.hits().isEmpty()).extracting(FraudPart::eventId)
                    .containsExactly("card-5", "card-6");
            assertThat(parts).filteredOn(p -> !p.hits().isEmpty()).allSatisfy(p -> assertThat(p.hits())
                    .extracting(h -> h.ruleId()).containsExactly("velocity-card-10m"));

            harness.watermark(StreamFixtures.millis(60));
            assertThat(keyedStateEntries(harness)).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aBroadcastRuleSetReplacesTheRulesTheJobWasBuiltWith() throws Exception {
        String stricter = FraudRules.builtIn().text().replace("max_count: 5", "max_count: 2")
                .replace("version: \"2026-11-01.1\"", "version: \"stricter\"");
        try (var harness = harness()) {
            harness.processBroadcastElement("version: [not a rule set", 0);
            harness.processBroadcastElement(stricter, 0);
            for (int i = 0; i < 4; i++) {
                PaymentEvent e = cardPayment(i);
                harness.processElement(new DimensionedEvent(Dimension.CARD, "fp-1", e), e.eventTime().toEpochMilli());
            }
            harness.watermark(StreamFixtures.millis(5));

            assertThat(harness.extractOutputValues()).filteredOn(p -> !p.hits().isEmpty()).extracting(FraudPart::eventId)
                    .containsExactly("card-2", "card-3");
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, DimensionedEvent, String, FraudPart> harness()
            throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new WindowedRuleFunction(FraudRules.builtIn()), DimensionedEvent::stateKey, Types.STRING,
                FraudRules.BROADCAST_STATE);
        return h;
    }

    static int keyedStateEntries(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness<?> harness) {
        var backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }
}
