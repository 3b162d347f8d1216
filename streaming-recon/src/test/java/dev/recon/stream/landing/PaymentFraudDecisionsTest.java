package dev.recon.stream.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.money.Money;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.sink.row.FraudScoreRow;
import dev.recon.sink.row.ReconResultRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentFraudDecisionsTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @Test
    void aVerdictBeforeTheResultIsAddedWhenTheResultLands() {
        PaymentFraudDecisions decisions = new PaymentFraudDecisions(100);

        List<ReconResultRow> again = decisions.accept(verdict("e1", "p-r1", 870, "DECLINE"));
        ReconResultRow landed = decisions.decorate(row("r1", 1));

        assertThat(again).isEmpty();
        assertThat(landed.fraudScore()).isEqualTo(870);
        assertThat(landed.fraudDecision()).isEqualTo("DECLINE");
        assertThat(landed.fraudRules()).containsExactly("velocity");
        assertThat(landed.version()).isEqualTo(1);
    }

    @Test
    void aVerdictAfterTheResultHandsBackTheResultAtTheSameVersionOnlyWhenItScoresHigher() {
        PaymentFraudDecisions decisions = new PaymentFraudDecisions(100);
        ReconResultRow landed = decisions.decorate(row("r1", 3));

        List<ReconResultRow> first = decisions.accept(verdict("e1", "p-r1", 300, "REVIEW"));
        List<ReconResultRow> lower = decisions.accept(verdict("e2", "p-r1", 100, "ALLOW"));
        List<ReconResultRow> higher = decisions.accept(verdict("e3", "p-r1", 900, "DECLINE"));

        assertThat(landed.fraudDecision()).isEmpty();
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo(3);
            assertThat(r.fraudScore()).isEqualTo(300);
        });
        assertThat(lower).isEmpty();
        assertThat(higher).singleElement().satisfies(r -> assertThat(r.fraudDecision()).isEqualTo("DECLINE"));
        // a later version of the result keeps the best decision
        assertThat(decisions.decorate(row("r1", 4)).fraudScore()).isEqualTo(900);
    }

    @Test
    void rememberedPaymentsAreBounded() {
        PaymentFraudDecisions decisions = new PaymentFraudDecisions(2);
        decisions.decorate(row("r1", 1));
        decisions.decorate(row("r2", 1));
        decisions.decorate(row("r3", 1));

        assertThat(decisions.accept(verdict("e1", "p-r1", 500, "REVIEW"))).isEmpty();
        assertThat(decisions.accept(verdict("e3", "p-r3", 500, "REVIEW"))).hasSize(1);
    }

    @Test
    void parsesTheStreamJobsVerdictMessage() throws IOException {
        byte[] json = ("{\"event_id\":\"e9\",\"payment_id\":\"p9\",\"transaction_id\":\"t9\",\"merchant_id\":\"m1\","
                + "\"channel\":\"adyen\",\"event_time\":\"2026-11-20T10:00:00Z\",\"score\":640,\"decision\":\"REVIEW\","
                + "\"rules_version\":\"v7\",\"hits\":[{\"rule_id\":\"velocity\",\"score\":400,\"reason\":\"5 in 1m\"},"
                + "{\"rule_id\":\"country\",\"score\":240,\"reason\":\"card abroad\"}]}").getBytes(StandardCharsets.UTF_8);

        FraudScoreRow row = PaymentFraudDecisions.parse(json, 42);

        assertThat(row.scoreId()).isEqualTo("e9/v7");
        assertThat(row.version()).isEqualTo(42);
        assertThat(row.paymentId()).isEqualTo("p9");
        assertThat(row.score()).isEqualTo(640);
        assertThat(row.rules()).containsExactly("velocity", "country");
        assertThat(row.reasons()).containsExactly("5 in 1m", "card abroad");
        assertThat(row.eventTime()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThatThrownBy(() -> PaymentFraudDecisions.parse("{\"event_id\":1}".getBytes(StandardCharsets.UTF_8), 1))
                .isInstanceOf(IOException.class);
    }

    private static FraudScoreRow verdict(String eventId, String paymentId, int score, String decision) {
        return new FraudScoreRow(eventId + "/v1", 1, eventId, paymentId, "m1", "adyen", score, decision,
                List.of("velocity"), List.of("test"), "v1", Instant.parse("2026-11-20T10:00:00Z"));
    }

    private static ReconResultRow row(String id, long version) {
        var eur = Money.currency("EUR");
        Money amount = new Money(1250, eur);
        ReconResult r = new ReconResult(id, version, ReconMode.STREAM, "adyen", DAY, ResultStatus.MATCHED, null, "PAYMENT",
                "m1", "p-" + id, "t-" + id, "PSP-" + id, "SUCCEEDED", "CAPTURED", amount, amount, "EUR", null, null, null,
                null, null, null, null, 0, "channel_ref", "test", "recon-results/0", "cfg", "", null, 1, true);
        return ReconResultRow.from(r, DAY.atStartOfDay().toInstant(java.time.ZoneOffset.UTC), null);
    }
}
