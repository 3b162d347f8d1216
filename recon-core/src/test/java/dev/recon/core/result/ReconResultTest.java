package dev.recon.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconResultTest {

    static ReconResult row(ResultStatus status, BreakType bt) {
        return new ReconResult("id-1", 3, ReconMode.BATCH, "adyen", LocalDate.parse("2026-11-18"), status, bt, "PAYMENT",
                "m1", "p1", "t1", "PSP1", "SUCCEEDED", "Settled", Money.parse("10.00", "EUR"),
                Money.parse("10.50", "EUR"), "EUR", Money.parse("0.50", "EUR"), Money.parse("10.50", "EUR"),
                Money.parse("0.20", "EUR"), Money.parse("10.30", "EUR"), new BigDecimal("1.0837"), "B1", null, 2,
                "match:channel_ref", "=cmd|' /C calc'!A0", "ledger.csv:2", "v1", null, LocalDate.parse("2026-11-16"),
                1, true);
    }

    @Test
    void csvValuesFollowTheContractColumnOrder() {
        List<String> v = row(ResultStatus.BREAK, BreakType.AMOUNT_MISMATCH).csvValues();
        assertThat(v).hasSameSizeAs(ReconResult.CSV_COLUMNS);
        assertThat(ReconResult.CSV_COLUMNS.subList(0, 29)).containsExactly("recon_id", "version", "mode", "channel",
                "business_date", "status", "break_type", "type", "merchant_id", "payment_id", "transaction_id",
                "channel_ref", "internal_status", "channel_status", "internal_amount", "channel_amount", "currency",
                "difference", "gross", "fee", "net", "fx_rate", "payout_batch", "match_group_id", "age_days", "rule",
                "detail", "source", "config_version");
        assertThat(v.get(ReconResult.CSV_COLUMNS.indexOf("difference"))).isEqualTo("0.50");
        assertThat(v.get(ReconResult.CSV_COLUMNS.indexOf("break_type"))).isEqualTo("AMOUNT_MISMATCH");
        assertThat(v.get(ReconResult.CSV_COLUMNS.indexOf("match_group_id"))).isEmpty();
        // Raw values: the writer neutralises formulas for spreadsheets, the value itself is kept exactly.
        assertThat(v.get(ReconResult.CSV_COLUMNS.indexOf("detail"))).startsWith("=cmd");
    }

    @Test
    void breakTypeIsSetExactlyWhenTheStatusIsBreak() {
        assertThatThrownBy(() -> row(ResultStatus.MATCHED, BreakType.DUPLICATE)).hasMessageContaining("break_type");
        assertThatThrownBy(() -> row(ResultStatus.BREAK, null)).hasMessageContaining("break_type");
        assertThat(row(ResultStatus.BREAK, BreakType.DUPLICATE).withVersion(9).version()).isEqualTo(9);
    }

    @Test
    void nonPaymentTotalsArePerCategoryAndCurrency() {
        NonPaymentLine fee1 = new NonPaymentLine("adyen", null, RecordCategory.FEE, "Fee", null,
                Money.parse("-1.00", "EUR"), Money.parse("0", "EUR"), null, null, "s:1");
        NonPaymentLine fee2 = new NonPaymentLine("adyen", null, RecordCategory.FEE, "Fee", null,
                Money.parse("-2.50", "EUR"), Money.parse("0", "EUR"), null, null, "s:2");
        NonPaymentLine payout = new NonPaymentLine("adyen", null, RecordCategory.PAYOUT, "MerchantPayout", null,
                Money.parse("-100", "JPY"), Money.parse("0", "JPY"), "B1", null, "s:3");
        var totals = NonPaymentLine.totals(List.of(fee1, fee2, payout));
        assertThat(totals.get(RecordCategory.FEE).get("EUR").toDecimalString()).isEqualTo("-3.50");
        assertThat(totals.get(RecordCategory.PAYOUT).get("JPY").toDecimalString()).isEqualTo("-100");
    }
}
