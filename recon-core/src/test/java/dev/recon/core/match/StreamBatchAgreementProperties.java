package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.result.ReconResult;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.core.testing.RandomCases;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same records and configuration give the same decision whether the pair is seen by the
 * stream (one key through {@link ReconEngine#decide}) or by the nightly batch
 * ({@link ReconEngine#reconcile}): status, break type, rule, amounts and explanation.
 */
class StreamBatchAgreementProperties {

    static final ReconConfig CFG = ReconConfig.of("s1", ChannelConfig.defaults("adyen")
            .withTolerance(new AmountTolerance(new BigDecimal("0.03"), new BigDecimal("4"))));
    static final Instant T = Instant.parse("2026-11-18T09:00:00Z");
    static final LocalDate DAY = LocalDate.parse("2026-11-18");

    static LongStream pairs() {
        return RandomCases.seeds(1000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("pairs")
    void streamAndBatchDecideAPairAlike(long seed) {
        RandomCases.check(seed, random -> {
            long ours = random.longBetween(1, 5_000_000);
            int delta = random.intBetween(-200, 200);
            int statusIx = random.intBetween(0, 6);
            int ccyIx = random.intBetween(0, 2);
            boolean otherCurrency = random.bool();
            boolean refund = random.bool();
            streamAndBatchDecideAPairAlike(ours, delta, statusIx, ccyIx, otherCurrency, refund);
        });
    }

    private static void streamAndBatchDecideAPairAlike(long ours, int delta, int statusIx, int ccyIx,
            boolean otherCurrency, boolean refund) {
        String ccy = List.of("EUR", "JPY", "BHD").get(ccyIx);
        TransactionStatus status = TransactionStatus.values()[statusIx];
        Money amount = new Money(ours, Money.currency(ccy));
        long theirs = Math.max(1, ours + delta);
        Money channel = new Money(theirs, Money.currency(otherCurrency ? "USD" : ccy));
        TransactionType type = refund ? TransactionType.REFUND : TransactionType.PAYMENT;
        LedgerEntry e = new LedgerEntry("t1", "p1", refund ? "p0" : null, "m", null, "adyen", "REF1",
                refund ? "PSP0" : null, type, status, amount, T, null, SourceLocation.ofFile("ledger.csv", 2));
        RecordCategory cat = refund ? RecordCategory.REFUND : RecordCategory.PAYMENT;
        SettlementRecord line = new SettlementRecord("adyen", refund ? "Refunded" : "Settled", cat,
                refund ? "PSP0" : "REF1", refund ? "REF1" : null, "p1", null, refund ? channel.negate() : channel,
                refund ? channel.negate() : channel, List.of(), null, DAY, null, null, null, null,
                SourceLocation.ofFile("settlement.csv", 7), null);

        ReconResult batch = ReconEngine.reconcile(List.of(e), List.of(line), ReconContext.batch(CFG, DAY, 1))
                .results().stream().filter(ReconResult::internalRecord).findFirst().orElseThrow();
        ReconResult stream = ReconEngine.decide(List.of(e), List.of(ChannelLeg.of(line)),
                ReconContext.stream(CFG, T, 1).atEndOfInput()).results().stream()
                .filter(ReconResult::internalRecord).findFirst().orElseThrow();

        String input = "ours=" + amount + " theirs=" + channel + " status=" + status + " refund=" + refund;
        assertThat(stream.status()).as(input).isEqualTo(batch.status());
        assertThat(stream.breakType()).as(input).isEqualTo(batch.breakType());
        assertThat(stream.rule()).as(input).isEqualTo(batch.rule());
        assertThat(stream.difference()).as(input).isEqualTo(batch.difference());
        assertThat(stream.detail()).as(input).isEqualTo(batch.detail());
    }
}
