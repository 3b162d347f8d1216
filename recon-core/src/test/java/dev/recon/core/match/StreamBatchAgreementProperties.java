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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

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

    @Property(tries = 400)
    void streamAndBatchDecideAPairAlike(@ForAll @LongRange(min = 1, max = 5_000_000) long ours,
            @ForAll @IntRange(min = -200, max = 200) int delta, @ForAll @IntRange(min = 0, max = 6) int statusIx,
            @ForAll @IntRange(min = 0, max = 2) int ccyIx, @ForAll boolean otherCurrency, @ForAll boolean refund) {
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

        assertThat(stream.status()).isEqualTo(batch.status());
        assertThat(stream.breakType()).isEqualTo(batch.breakType());
        assertThat(stream.rule()).isEqualTo(batch.rule());
        assertThat(stream.difference()).isEqualTo(batch.difference());
        assertThat(stream.detail()).isEqualTo(batch.detail());
    }
}
