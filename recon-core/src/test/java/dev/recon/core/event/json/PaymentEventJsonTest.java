package dev.recon.core.event.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PaymentEventJsonTest {

    static final String FULL = "{\"event_id\":\"e-1\",\"transaction_id\":\"t-1\",\"payment_id\":\"p-1\","
            + "\"parent_payment_id\":null,\"merchant_id\":\"m-1\",\"account_id\":\"a-1\",\"channel\":\"adyen\","
            + "\"channel_ref\":\"PSP1\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"12.50\","
            + "\"currency\":\"EUR\",\"event_time\":\"2026-11-21T10:15:30+01:00\",\"customer_id\":\"c-9\","
            + "\"card_bin\":\"411111\",\"card_last4\":\"1111\",\"ip_country\":\"DE\",\"future_field\":{\"x\":[1,2]}}";

    @Test
    void readsEveryContractField() throws Exception {
        PaymentEvent e = PaymentEventJson.read(FULL, SourceLocation.ofKafka("payment-events", 3, 42));

        assertThat(e.eventId()).isEqualTo("e-1");
        assertThat(e.transactionId()).isEqualTo("t-1");
        assertThat(e.paymentId()).isEqualTo("p-1");
        assertThat(e.parentPaymentId()).isNull();
        assertThat(e.merchantId()).isEqualTo("m-1");
        assertThat(e.channelRef()).isEqualTo("PSP1");
        assertThat(e.type()).isEqualTo(TransactionType.PAYMENT);
        assertThat(e.status()).isEqualTo(TransactionStatus.SUCCEEDED);
        assertThat(e.amount()).isEqualTo(Money.ofMinor(1250, "EUR"));
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-21T09:15:30Z"));
        assertThat(e.features().customerId()).isEqualTo("c-9");
        assertThat(e.features().ipCountry()).isEqualTo("DE");
        assertThat(e.source().toString()).isEqualTo("payment-events/3:42");
    }

    @Test
    void transactionIdDefaultsToPaymentIdAndJpyHasNoDecimals() throws Exception {
        PaymentEvent e = PaymentEventJson.read("{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\"c\",\"type\":"
                + "\"refund\",\"status\":\"SUCCEEDED\",\"amount\":1000,\"currency\":\"JPY\",\"event_time\":"
                + "\"2026-11-21T00:00:00Z\"}", null);

        assertThat(e.transactionId()).isEqualTo("p");
        assertThat(e.type()).isEqualTo(TransactionType.REFUND);
        assertThat(e.amount()).isEqualTo(Money.ofMinor(1000, "JPY"));
        assertThat(e.source().origin()).isEqualTo("event:e");
    }

    @Test
    void writeThenReadIsTheSameEvent() throws Exception {
        PaymentEvent e = PaymentEventJson.read(FULL, SourceLocation.ofFile("events.jsonl", 7));

        byte[] line = PaymentEventJson.write(e, true);

        assertThat(new String(line, StandardCharsets.UTF_8)).doesNotContain("\n");
        assertThat(PaymentEventJson.read(line, null)).isEqualTo(e);
        assertThat(PaymentEventJson.read(PaymentEventJson.write(e), e.source())).isEqualTo(e);
    }

    @Test
    void fullCardNumbersAreMaskedInEveryStringField() throws Exception {
        String line = FULL.replace("\"m-1\"", "\"card 4111 1111 1111 1111 used\"")
                .replace("\"c-9\"", "\"4111111111111111\"");

        PaymentEvent e = PaymentEventJson.read(line, null);

        assertThat(e.merchantId()).isEqualTo("card 4111 11** **** 1111 used");
        assertThat(e.features().customerId()).isEqualTo("411111******1111");
        assertThat(PaymentEventJson.writeString(e)).doesNotContain("4111111111111111", "4111 1111 1111 1111");
    }

    @Test
    void aSixteenDigitPspReferenceThatPassesLuhnIsKeptButACardNumberInAReferenceIsMasked() throws Exception {
        // 8815000000000008 passes Luhn but no card scheme starts with 88: an Adyen PSP reference.
        PaymentEvent psp = PaymentEventJson.read(FULL.replace("\"PSP1\"", "\"8815000000000008\""), null);
        PaymentEvent card = PaymentEventJson.read(FULL.replace("\"PSP1\"", "\"4111111111111111\"")
                .replace("\"p-1\"", "\"5555555555554444\""), null);

        assertThat(psp.channelRef()).isEqualTo("8815000000000008");
        assertThat(card.channelRef()).isEqualTo("411111******1111");
        assertThat(card.paymentId()).isEqualTo("555555******4444");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json|{\"event_id\":|UNPARSABLE_JSON|",
        "array|[1,2]|UNPARSABLE_JSON|",
        "two objects|{} {}|UNPARSABLE_JSON|",
        "missing payment id|{\"event_id\":\"e\",\"channel\":\"c\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T00:00:00Z\"}|MISSING_FIELD|payment_id",
        "blank channel|{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\" \",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T00:00:00Z\"}|MISSING_FIELD|channel",
        "unknown currency|{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\"c\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"1\",\"currency\":\"EUX\",\"event_time\":\"2026-11-21T00:00:00Z\"}|UNKNOWN_CURRENCY|currency",
        "too many decimals|{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\"c\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"12.505\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T00:00:00Z\"}|AMOUNT_PRECISION|amount",
        "decimals on JPY|{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\"c\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"10.5\",\"currency\":\"JPY\",\"event_time\":\"2026-11-21T00:00:00Z\"}|AMOUNT_PRECISION|amount",
        "negative amount|{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\"c\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"-1\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T00:00:00Z\"}|INVALID_AMOUNT|amount",
        "amount not a number|{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\"c\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"ten\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T00:00:00Z\"}|INVALID_AMOUNT|amount",
        "unknown type|{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\"c\",\"type\":\"GIFT\",\"status\":\"SUCCEEDED\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T00:00:00Z\"}|INVALID_FIELD|type",
        "time without offset|{\"event_id\":\"e\",\"payment_id\":\"p\",\"channel\":\"c\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T00:00:00\"}|INVALID_FIELD|event_time",
        "nested known field|{\"event_id\":\"e\",\"payment_id\":{\"id\":1},\"channel\":\"c\",\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":\"2026-11-21T00:00:00Z\"}|INVALID_FIELD|payment_id",
        "field twice|{\"event_id\":\"e\",\"event_id\":\"f\"}|INVALID_FIELD|event_id",
    })
    void refusedLinesSayWhyAndWhere(String name, String line, RejectionReason reason, String field) {
        assertThatThrownBy(() -> PaymentEventJson.read(line, null))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.detail()).isNotBlank();
                });
    }

    @Test
    void aParseErrorMessageDoesNotLeakACardNumber() {
        assertThatThrownBy(() -> PaymentEventJson.read("{\"event_id\": 4111111111111111x}", null))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.UNPARSABLE_JSON);
                    assertThat(e.detail()).doesNotContain("4111111111111111");
                });
    }
}
