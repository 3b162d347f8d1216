package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.ReconConfig;
import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayoutReconcilerTest {

    static final LocalDate MON = LocalDate.parse("2026-11-16");

    static SettlementRecord payout(String batch, String amount, LocalDate d) {
        return new SettlementRecord("adyen", "MerchantPayout", RecordCategory.PAYOUT, null, null, null, "acct", null,
                Money.parse(amount, "EUR").negate(), List.of(), null, d, null, null, batch, null,
                SourceLocation.ofFile("settlement.csv", 99), null);
    }

    static SettlementRecord credit(String text, String amount, LocalDate d, int line) {
        return new SettlementRecord("bank", "NTRF", RecordCategory.BANK_ENTRY, null, null, null, "NL00BANK", null,
                Money.parse(amount, "EUR"), List.of(), null, d, null, d, null, text,
                SourceLocation.ofFile("mt940.txt", line), null);
    }

    static PayoutReconciler.PayoutOutcome run(List<SettlementRecord> p, List<SettlementRecord> b, LocalDate day) {
        return PayoutReconciler.reconcile(p, b, ReconContext.batch(ReconConfig.builtIn(), day, 1));
    }

    @Test
    void payoutMatchesTheCreditThatNamesItsBatch() {
        var out = run(List.of(payout("B-77", "1000.00", MON)),
                List.of(credit("ADYEN PAYOUT B-77", "1000.00", MON.plusDays(1), 5), credit("OTHER", "5.00", MON, 6)),
                MON.plusDays(1));
        assertThat(out.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.rule()).isEqualTo("payout:payout_batch");
        });
        assertThat(out.unclaimedBankEntries()).hasSize(1);
    }

    @Test
    void creditOfAnotherAmountIsPayoutMismatch() {
        var out = run(List.of(payout("B-77", "1000.00", MON)), List.of(credit("B-77", "990.00", MON, 5)), MON);
        assertThat(out.results().get(0).breakType()).isEqualTo(BreakType.PAYOUT_MISMATCH);
        assertThat(out.results().get(0).difference().toDecimalString()).isEqualTo("-10.00");
    }

    @Test
    void creditWithoutTheBatchIdLinksOnAmountAndDate() {
        var out = run(List.of(payout("B-77", "1000.00", MON)), List.of(credit("SEPA CT", "1000.00", MON.plusDays(2), 5)),
                MON.plusDays(2));
        assertThat(out.results().get(0).status()).isEqualTo(ResultStatus.MATCHED);
        assertThat(out.results().get(0).rule()).isEqualTo("payout:amount_and_date");
    }

    @Test
    void noCreditIsPendingOnThePayoutDayThenMissingPayout() {
        assertThat(run(List.of(payout("B-77", "1000.00", MON)), List.of(), MON).results().get(0).status())
                .isEqualTo(ResultStatus.PENDING);
        var late = run(List.of(payout("B-77", "1000.00", MON)), List.of(), MON.plusDays(3)).results().get(0);
        assertThat(late.breakType()).isEqualTo(BreakType.MISSING_PAYOUT);
        assertThat(late.ageDays()).isEqualTo(3);
    }

    @Test
    void aBatchPaidOutInTwoCurrenciesGivesTwoRowsWithTheirOwnStableIds() {
        SettlementRecord eur = payout("B-77", "1000.00", MON);
        SettlementRecord usd = new SettlementRecord("adyen", "MerchantPayout", RecordCategory.PAYOUT, null, null, null,
                "acct", null, Money.parse("250.00", "USD").negate(), List.of(), null, MON, null, null, "B-77", null,
                SourceLocation.ofFile("settlement.csv", 100), null);

        var forward = run(List.of(eur, usd), List.of(), MON).results();
        var backward = run(List.of(usd, eur), List.of(), MON).results();

        assertThat(forward).extracting(r -> r.reconId()).doesNotHaveDuplicates().hasSize(2);
        assertThat(backward).extracting(r -> r.currency() + "=" + r.reconId())
                .containsExactlyInAnyOrderElementsOf(forward.stream().map(r -> r.currency() + "=" + r.reconId()).toList());
    }

    @Test
    void aPayoutBookedAsSeveralBankEntriesIsComparedWithTheirSum() {
        var out = run(List.of(payout("B-77", "1000.00", MON)),
                List.of(credit("ADYEN B-77 1/2", "600.00", MON, 5), credit("ADYEN B-77 2/2", "400.00", MON, 6),
                        credit("OTHER", "400.00", MON, 7)),
                MON);
        assertThat(out.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.channelAmount().toDecimalString()).isEqualTo("1000.00");
            assertThat(r.detail()).contains("2 bank entries").contains("mt940.txt:5").contains("mt940.txt:6");
        });
        assertThat(out.unclaimedBankEntries()).extracting(SettlementRecord::description).containsExactly("OTHER");

        var short1 = run(List.of(payout("B-77", "1000.00", MON)),
                List.of(credit("B-77", "600.00", MON, 5), credit("B-77", "390.00", MON, 6)), MON).results().get(0);
        assertThat(short1.breakType()).isEqualTo(BreakType.PAYOUT_MISMATCH);
        assertThat(short1.difference().toDecimalString()).isEqualTo("-10.00");
    }

    @Test
    void eachCurrencyOfABatchTakesTheCreditInItsOwnCurrency() {
        SettlementRecord usd = new SettlementRecord("adyen", "MerchantPayout", RecordCategory.PAYOUT, null, null, null,
                "acct", null, Money.parse("250.00", "USD").negate(), List.of(), null, MON, null, null, "B-77", null,
                SourceLocation.ofFile("settlement.csv", 100), null);
        SettlementRecord usdCredit = new SettlementRecord("bank", "NTRF", RecordCategory.BANK_ENTRY, null, null, null,
                "NL00BANK", null, Money.parse("250.00", "USD"), List.of(), null, MON, null, MON, null, "PAYOUT B-77",
                SourceLocation.ofFile("mt940.txt", 4), null);
        // The USD credit comes first in the statement; the EUR payout must not claim it.
        var out = run(List.of(payout("B-77", "1000.00", MON), usd),
                List.of(usdCredit, credit("PAYOUT B-77", "1000.00", MON, 5)), MON);
        assertThat(out.results()).hasSize(2).allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.MATCHED));
        assertThat(out.unclaimedBankEntries()).isEmpty();
    }
}
