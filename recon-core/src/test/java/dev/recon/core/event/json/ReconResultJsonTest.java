package dev.recon.core.event.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReconResultJsonTest {

    @Test
    void roundTripKeepsAmountsInTheirOwnCurrencies() throws Exception {
        ReconResult r = new ReconResult("id-1", 17, ReconMode.STREAM, "adyen", LocalDate.of(2026, 11, 21),
                ResultStatus.BREAK, BreakType.CURRENCY_MISMATCH, "PAYMENT", "m", "p", "t", "PSP", "SUCCEEDED",
                "CAPTURED", Money.ofMinor(1250, "EUR"), Money.ofMinor(1300, "USD"), "EUR", null,
                Money.ofMinor(1250, "EUR"), Money.ofMinor(12, "GBP"), Money.ofMinor(1000, "GBP"),
                new BigDecimal("0.8512"), "B1", null, 2, "match:channel_ref", "the callback is in USD", "src:1",
                "v1", null, LocalDate.of(2026, 11, 21), 1, true);

        String json = ReconResultJson.writeString(r);

        assertThat(json).contains("\"channel_amount_currency\":\"USD\"", "\"fee_currency\":\"GBP\"")
                .doesNotContain("internal_amount_currency");
        assertThat(ReconResultJson.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(r);
    }

    @Test
    void aVersionThatLooksLikeACardNumberStaysANumber() throws Exception {
        long luhnValidMillis = 1795250040007L;
        ReconResult r = new ReconResult("id-3", luhnValidMillis, ReconMode.STREAM, "x", null, ResultStatus.MATCHED,
                null, "PAYMENT", null, "p", "p", null, "SUCCEEDED", "CAPTURED", null, null, null, null, null, null,
                null, null, null, null, 0, "r", "d", null, "v", null, null, 1, true);

        assertThat(ReconResultJson.read(ReconResultJson.write(r)).version()).isEqualTo(luhnValidMillis);
    }

    @Test
    void aMatchedRowWithoutBreakType() throws Exception {
        ReconResult r = new ReconResult("id-2", 1, ReconMode.STREAM, "x", null, ResultStatus.MATCHED, null, "PAYMENT",
                null, "p", "p", null, "SUCCEEDED", "CAPTURED", Money.ofMinor(1000, "JPY"), Money.ofMinor(1000, "JPY"),
                "JPY", Money.ofMinor(0, "JPY"), null, null, null, null, null, null, 0, "match:merchant_ref", "ok",
                null, "default", null, null, 1, true);

        assertThat(ReconResultJson.read(ReconResultJson.write(r))).isEqualTo(r);
    }
}
