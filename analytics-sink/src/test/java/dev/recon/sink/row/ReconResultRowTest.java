package dev.recon.sink.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.sink.SampleResults;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReconResultRowTest {

    private static ReconResultRow row(String status, String breakType, String currency) {
        return new ReconResultRow("r1", 1, false, "BATCH", "adyen", LocalDate.of(2026, 11, 20), status, breakType,
                "PAYMENT", "m", "p", "t", "c", "SUCCEEDED", "Settled", currency, 100L, 100L, 0L, null, null, null, null,
                null, null, null, 0, null, null, null, null, null, Instant.EPOCH, null, null);
    }

    @Test
    void anUnknownStatusOrCurrencyIsRefusedNamingTheResult() {
        assertThatThrownBy(() -> row("OK", null, "EUR")).hasMessageContaining("r1").hasMessageContaining("OK");
        assertThatThrownBy(() -> row("MATCHED", null, "EURO")).hasMessageContaining("r1").hasMessageContaining("EURO");
        assertThatThrownBy(() -> row("MATCHED", null, "XAU")).hasMessageContaining("no minor unit");
    }

    @Test
    void aBreakTypeOnlyBelongsToABreak() {
        assertThatThrownBy(() -> row("MATCHED", "AMOUNT_MISMATCH", "EUR")).hasMessageContaining("break_type");
        assertThat(row("BREAK", "AMOUNT_MISMATCH", "EUR").breakType()).isEqualTo("AMOUNT_MISMATCH");
    }

    @Test
    void missingTextBecomesEmptyAndTheSettlementCurrencyDefaultsToTheTransactions() {
        ReconResultRow r = row("MATCHED", null, "JPY");
        assertThat(r.breakType()).isEmpty();
        assertThat(r.detail()).isEmpty();
        assertThat(r.settlementCurrency()).isEqualTo("JPY");
        assertThat(r.currencyExponent()).isZero();
    }

    @Test
    void supersedingKeepsTheIdentityAndRaisesTheVersion() {
        ReconResultRow r = SampleResults.row("adyen", LocalDate.of(2026, 11, 20), 3, 4);
        ReconResultRow gone = r.supersededAt(5);
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.version()).isEqualTo(5);
        assertThat(gone.reconId()).isEqualTo(r.reconId());
        assertThat(gone.businessDate()).isEqualTo(r.businessDate());
    }

    @Test
    void aCoreResultMapsToMinorUnitsWithTheSettlementCurrencyOfItsNet() {
        var eur = dev.recon.core.money.Money.currency("EUR");
        var usd = dev.recon.core.money.Money.currency("USD");
        var result = new dev.recon.core.result.ReconResult("r9", 7, dev.recon.core.result.ReconMode.BATCH, "adyen",
                LocalDate.of(2026, 11, 20), dev.recon.core.result.ResultStatus.BREAK,
                dev.recon.core.result.BreakType.AMOUNT_MISMATCH, "PAYMENT", "m1", "p1", "t1", "PSP1", "SUCCEEDED",
                "Settled", new dev.recon.core.money.Money(1250, eur), new dev.recon.core.money.Money(1200, eur), "EUR",
                new dev.recon.core.money.Money(-50, eur), new dev.recon.core.money.Money(1200, eur),
                new dev.recon.core.money.Money(30, usd), new dev.recon.core.money.Money(1290, usd),
                new java.math.BigDecimal("1.1000"), "B1", "g1", 2, "channel_ref", "amount differs", "f.csv:3", "cfg1",
                "", LocalDate.of(2026, 11, 18), 1, true);
        ReconResultRow row = ReconResultRow.from(result, Instant.parse("2026-11-20T00:00:00Z"), 42);
        assertThat(row.reconId()).isEqualTo("r9");
        assertThat(row.version()).isEqualTo(7);
        assertThat(row.deleted()).isFalse();
        assertThat(row.status()).isEqualTo("BREAK");
        assertThat(row.breakType()).isEqualTo("AMOUNT_MISMATCH");
        assertThat(row.currency()).isEqualTo("EUR");
        assertThat(row.internalAmountMinor()).isEqualTo(1250L);
        assertThat(row.differenceMinor()).isEqualTo(-50L);
        assertThat(row.settlementCurrency()).isEqualTo("USD");
        assertThat(row.netMinor()).isEqualTo(1290L);
        assertThat(row.fxRate()).isEqualByComparingTo("1.1");
        assertThat(row.fraudScore()).isEqualTo(42);
        assertThat(row.expectedDate()).isEqualTo(LocalDate.of(2026, 11, 18));
    }

    private static dev.recon.core.result.ReconResult coreResult(dev.recon.core.result.ReconMode mode, String source,
                                                                int channelRecords, boolean internalRecord) {
        var eur = dev.recon.core.money.Money.currency("EUR");
        boolean channel = channelRecords > 0;
        return new dev.recon.core.result.ReconResult("r10", 3, mode, "adyen", LocalDate.of(2026, 11, 20),
                channel && internalRecord ? dev.recon.core.result.ResultStatus.MATCHED : dev.recon.core.result.ResultStatus.BREAK,
                channel && internalRecord ? null : internalRecord ? dev.recon.core.result.BreakType.MISSING_IN_CHANNEL
                        : dev.recon.core.result.BreakType.MISSING_INTERNAL,
                "PAYMENT", "m1", "p1", internalRecord ? "t1" : null, "PSP1", internalRecord ? "SUCCEEDED" : null,
                channel ? "CAPTURED" : null, internalRecord ? new dev.recon.core.money.Money(1250, eur) : null,
                channel ? new dev.recon.core.money.Money(1250, eur) : null, "EUR", null, null, null, null, null, null,
                null, 0, "channel_ref", "", source, "cfg1", "", null, channelRecords, internalRecord);
    }

    @Test
    void aStreamResultShowsItsInternalAndCallbackLegsWithTheirOwnSources() {
        ReconResultRow row = ReconResultRow.from(coreResult(dev.recon.core.result.ReconMode.STREAM,
                "payment-events/1@17 <> channel-callbacks/0@9", 1, true), Instant.EPOCH, null);
        assertThat(row.legs()).extracting(PaymentLeg::kind)
                .containsExactly(PaymentLeg.Kind.INTERNAL, PaymentLeg.Kind.CALLBACK);
        PaymentLeg internal = row.leg(PaymentLeg.Kind.INTERNAL).orElseThrow();
        assertThat(internal.reference()).isEqualTo("t1");
        assertThat(internal.amountMinor()).isEqualTo(1250L);
        assertThat(internal.currency()).isEqualTo("EUR");
        assertThat(internal.status()).isEqualTo("SUCCEEDED");
        assertThat(internal.source()).isEqualTo("payment-events/1@17");
        PaymentLeg callback = row.leg(PaymentLeg.Kind.CALLBACK).orElseThrow();
        assertThat(callback.reference()).isEqualTo("PSP1");
        assertThat(callback.status()).isEqualTo("CAPTURED");
        assertThat(callback.source()).isEqualTo("channel-callbacks/0@9");
        assertThat(callback.occurredAt()).isNull();
    }

    @Test
    void aBatchResultShowsASettlementLegAndAOneSidedResultOnlyItsOwnLeg() {
        ReconResultRow missingInternal = ReconResultRow.from(coreResult(dev.recon.core.result.ReconMode.BATCH,
                "settlement.csv:12", 1, false), Instant.EPOCH, null);
        assertThat(missingInternal.legs()).extracting(PaymentLeg::kind).containsExactly(PaymentLeg.Kind.SETTLEMENT);
        assertThat(missingInternal.legs().get(0).source()).isEqualTo("settlement.csv:12");
        ReconResultRow missingInChannel = ReconResultRow.from(coreResult(dev.recon.core.result.ReconMode.BATCH,
                "ledger.csv:4", 0, true), Instant.EPOCH, null);
        assertThat(missingInChannel.legs()).extracting(PaymentLeg::kind).containsExactly(PaymentLeg.Kind.INTERNAL);
        assertThat(missingInChannel.legs().get(0).source()).isEqualTo("ledger.csv:4");
    }

    @Test
    void legsAndTheFraudDecisionSurviveSupersedingAndTwoLegsOfOneKindAreRefused() {
        ReconResultRow r = SampleResults.row("adyen", LocalDate.of(2026, 11, 20), 3, 4)
                .withFraud(new FraudScoreRow("s1", 1, "e1", "p", "m", "adyen", 700, "REVIEW", java.util.List.of("velocity"),
                        java.util.List.of("5 payments in 10 minutes"), "rules-v2", Instant.EPOCH));
        assertThat(r.fraudScore()).isEqualTo(700);
        assertThat(r.fraudRules()).containsExactly("velocity");
        ReconResultRow gone = r.supersededAt(5);
        assertThat(gone.legs()).isEqualTo(r.legs()).isNotEmpty();
        assertThat(gone.fraudDecision()).isEqualTo("REVIEW");
        PaymentLeg internal = r.leg(PaymentLeg.Kind.INTERNAL).orElseThrow();
        assertThatThrownBy(() -> r.withLegs(java.util.List.of(internal, internal))).hasMessageContaining("two internal legs");
        assertThatThrownBy(() -> new PaymentLeg(PaymentLeg.Kind.CALLBACK, "x", 5L, null, "", null, null, ""))
                .hasMessageContaining("currency");
    }

    /**
     * The legs a row derives when first read are the legs {@link ReconResultRow#derivedLegs} builds at once, on
     * generated rows (both modes, one- and two-sided, split and one-sided sources, nulls, FX): same list, hash, text
     * and size, and a row holding them equals the row built with the eager list.
     */
    @Test
    void legsDerivedWhenFirstReadAreTheLegsDerivedAtOnce() {
        java.util.Random random = new java.util.Random(20261207L);
        String[] sources = {"", "ledger.csv:4", "payment-events/1@17 <> channel-callbacks/0@9", " <> settlement.csv:9", "a <> "};
        String[] texts = {null, "", "SUCCEEDED", "Settled"};
        for (int i = 0; i < 2_000; i++) {
            String mode = random.nextBoolean() ? "STREAM" : "BATCH";
            String currency = random.nextInt(3) == 0 ? "JPY" : "EUR";
            String internalStatus = texts[random.nextInt(texts.length)];
            String channelStatus = texts[random.nextInt(texts.length)];
            Long internal = random.nextInt(4) == 0 ? null : (long) random.nextInt(1_000_000) - 500_000;
            Long channel = random.nextInt(4) == 0 ? null : (long) random.nextInt(1_000_000);
            Long gross = random.nextInt(3) == 0 ? null : (long) random.nextInt(1_000_000);
            String transactionId = random.nextBoolean() ? "t" + i : (random.nextBoolean() ? "" : null);
            String source = random.nextInt(6) == 0 ? null : sources[random.nextInt(sources.length)];
            ReconResultRow lazy = new ReconResultRow("r" + i, i, false, mode, "adyen", LocalDate.of(2026, 11, 20),
                    "MATCHED", null, "PAYMENT", "m", "p" + i, transactionId, "c" + i, internalStatus, channelStatus,
                    currency, internal, channel, null, random.nextBoolean() ? "USD" : null, gross, null, null, null, null,
                    null, 0, null, null, source, null, null, Instant.EPOCH, null, null);
            java.util.List<PaymentLeg> eager = ReconResultRow.derivedLegs("r" + i, mode, "p" + i, transactionId, "c" + i,
                    internalStatus, channelStatus, currency, internal, channel, gross, source,
                    internalStatus != null && !internalStatus.isEmpty() || internal != null,
                    channelStatus != null && !channelStatus.isEmpty() || channel != null || gross != null);
            assertThat(lazy.legs()).hasSize(eager.size()).isEqualTo(eager).containsExactlyElementsOf(eager);
            assertThat(lazy.legs().hashCode()).isEqualTo(eager.hashCode());
            assertThat(lazy.legs().toString()).isEqualTo(eager.toString());
            ReconResultRow withEager = lazy.withLegs(eager);
            assertThat(withEager).isEqualTo(lazy).hasSameHashCodeAs(lazy);
            assertThat(withEager.toString()).isEqualTo(lazy.toString());
            assertThatThrownBy(() -> lazy.legs().add(eager.isEmpty() ? null : eager.get(0)))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
