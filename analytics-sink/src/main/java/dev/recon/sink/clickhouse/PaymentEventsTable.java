package dev.recon.sink.clickhouse;

import dev.recon.sink.row.PaymentEventRow;
import java.util.List;

/** {@code payment_events}: the internal leg as received; see V001__core_tables.sql. */
public final class PaymentEventsTable implements ClickHouseTable<PaymentEventRow> {

    public static final PaymentEventsTable INSTANCE = new PaymentEventsTable();

    private static final List<String> COLUMNS = List.of("event_id", "transaction_id", "payment_id",
            "parent_payment_id", "merchant_id", "account_id", "channel", "channel_ref", "type", "status",
            "amount_minor", "currency", "currency_exponent", "event_time", "customer_id", "card_fingerprint",
            "card_bin", "card_last4", "card_country", "device_id", "ip", "ip_country", "source");

    @Override
    public String name() {
        return "payment_events";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void encode(PaymentEventRow r, RowBinaryOutput out) {
        out.writeString(r.eventId());
        out.writeString(r.transactionId());
        out.writeString(r.paymentId());
        out.writeString(r.parentPaymentId());
        out.writeString(r.merchantId());
        out.writeString(r.accountId());
        out.writeString(r.channel());
        out.writeString(r.channelRef());
        out.writeString(r.type());
        out.writeString(r.status());
        out.writeInt64(r.amountMinor());
        out.writeString(r.currency());
        out.writeUInt8(r.currencyExponent());
        out.writeDateTime64Millis(r.eventTime());
        out.writeString(r.customerId());
        out.writeString(r.cardFingerprint());
        out.writeString(r.cardBin());
        out.writeString(r.cardLast4());
        out.writeString(r.cardCountry());
        out.writeString(r.deviceId());
        out.writeString(r.ip());
        out.writeString(r.ipCountry());
        out.writeString(r.source());
    }
}
