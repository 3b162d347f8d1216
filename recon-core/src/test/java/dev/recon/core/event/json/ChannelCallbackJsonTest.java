package dev.recon.core.event.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChannelCallbackJsonTest {

    static final String REFUND = "{\"callback_id\":\"cb-7\",\"channel\":\"adyen\",\"channel_ref\":\"REF9\","
            + "\"original_channel_ref\":\"PSP1\",\"payment_id\":null,\"status\":\"REFUNDED\",\"success\":true,"
            + "\"reason\":\"customer 5555555555554444 asked\",\"amount\":\"-5.00\",\"currency\":\"eur\","
            + "\"event_time\":\"2026-11-21T10:00:00Z\"}";

    @Test
    void readsARefundCallbackKeepingTheChannelsSign() throws Exception {
        ChannelCallback c = ChannelCallbackJson.read(REFUND, SourceLocation.ofKafka("channel-callbacks", 0, 5));

        assertThat(c.callbackId()).isEqualTo("cb-7");
        assertThat(c.channelRef()).isEqualTo("REF9");
        assertThat(c.originalChannelRef()).isEqualTo("PSP1");
        assertThat(c.paymentId()).isNull();
        assertThat(c.status()).isEqualTo(CallbackStatus.REFUNDED);
        assertThat(c.success()).isTrue();
        assertThat(c.amount()).isEqualTo(Money.ofMinor(-500, "EUR"));
        assertThat(c.eventTime()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(c.reason()).isEqualTo("customer 555555******4444 asked");
    }

    @Test
    void successDefaultsFromTheStatus() throws Exception {
        String failed = "{\"callback_id\":\"c\",\"channel\":\"x\",\"channel_ref\":\"r\",\"status\":\"FAILED\","
                + "\"amount\":\"1.00\",\"currency\":\"USD\",\"event_time\":\"2026-11-21T10:00:00Z\"}";

        assertThat(ChannelCallbackJson.read(failed, null).success()).isFalse();
        assertThat(ChannelCallbackJson.read(failed.replace("FAILED", "CAPTURED"), null).success()).isTrue();
    }

    @Test
    void roundTrip() throws Exception {
        ChannelCallback c = ChannelCallbackJson.read(REFUND, SourceLocation.ofFile("cb.jsonl", 3));

        assertThat(ChannelCallbackJson.read(ChannelCallbackJson.write(c, true), null)).isEqualTo(c);
    }

    @Test
    void aCallbackWithoutChannelReferenceIsRefused() {
        assertThatThrownBy(() -> ChannelCallbackJson.read(REFUND.replace("\"channel_ref\":\"REF9\",", ""), null))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_FIELD);
                    assertThat(e.field()).isEqualTo("channel_ref");
                });
    }

    @Test
    void successMustBeABoolean() {
        assertThatThrownBy(() -> ChannelCallbackJson.read(REFUND.replace("\"success\":true", "\"success\":\"yes\""),
                null)).isInstanceOfSatisfying(EventRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_FIELD));
    }
}
