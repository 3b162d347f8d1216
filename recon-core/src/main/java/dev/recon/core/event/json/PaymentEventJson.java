package dev.recon.core.event.json;

import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.settlement.SourceLocation;
import java.nio.charset.StandardCharsets;

/**
 * The {@code payment-events} contract (DESIGN.md "Events on Kafka and in JSONL files"): one JSON
 * object per line, read into a {@link PaymentEvent} and written back.
 *
 * <p>Required: {@code event_id, payment_id, channel, type, status, amount} (a positive decimal,
 * string or number, in major units with at most the currency's decimals), {@code currency} (ISO
 * 4217) and {@code event_time} (ISO-8601 with offset). Optional: {@code transaction_id} (defaults
 * to payment_id), {@code parent_payment_id, parent_channel_ref, merchant_id, account_id,
 * channel_ref} and the fraud features. Unknown fields are ignored. Every string is masked for card
 * numbers on arrival. A {@code source} field ("origin:line") is written only on request (Flink
 * state) and read only when the caller does not know where the line came from.
 */
public final class PaymentEventJson {

    private PaymentEventJson() {
    }

    /**
     * Reads one line.
     *
     * @param source where the line came from (file:line or topic/partition:offset); null to take the
     *     line's own {@code source} field, else the default {@code event:<id>}
     */
    public static PaymentEvent read(byte[] line, SourceLocation source) throws EventRejectedException {
        FlatJsonObject o = FlatJsonObject.parse(line);
        String eventId = o.required("event_id");
        String paymentId = o.required("payment_id");
        String channel = o.required("channel");
        TransactionType type = o.requiredEnum("type", TransactionType.class);
        TransactionStatus status = o.requiredEnum("status", TransactionStatus.class);
        var amount = o.requiredMoney("amount", "currency", false);
        var eventTime = o.requiredInstant("event_time");
        FraudFeatures features = new FraudFeatures(o.optional("customer_id"), o.optional("card_fingerprint"),
                o.optional("card_bin"), o.optional("card_last4"), o.optional("card_country"), o.optional("device_id"),
                o.optional("ip"), o.optional("ip_country"));
        SourceLocation where = source;
        if (where == null && o.optional("source") != null) {
            where = JsonWriting.parseSource(o.optional("source"));
        }
        return new PaymentEvent(eventId, o.optional("transaction_id"), paymentId, o.optional("parent_payment_id"),
                o.optional("merchant_id"), o.optional("account_id"), channel, o.optional("channel_ref"),
                o.optional("parent_channel_ref"), type, status, amount, eventTime,
                features.equals(FraudFeatures.NONE) ? FraudFeatures.NONE : features, where);
    }

    public static PaymentEvent read(String line, SourceLocation source) throws EventRejectedException {
        return read(line.getBytes(StandardCharsets.UTF_8), source);
    }

    /** The contract fields, UTF-8, one line. */
    public static byte[] write(PaymentEvent e) {
        return write(e, false);
    }

    /** With {@code withSource}, also the {@code source} field, so a round trip keeps where the event came from. */
    public static byte[] write(PaymentEvent e, boolean withSource) {
        return JsonWriting.object(g -> {
            g.writeStringField("event_id", e.eventId());
            g.writeStringField("transaction_id", e.transactionId());
            g.writeStringField("payment_id", e.paymentId());
            JsonWriting.text(g, "parent_payment_id", e.parentPaymentId(), true);
            JsonWriting.text(g, "merchant_id", e.merchantId(), true);
            JsonWriting.text(g, "account_id", e.accountId(), true);
            g.writeStringField("channel", e.channel());
            JsonWriting.text(g, "channel_ref", e.channelRef(), true);
            JsonWriting.text(g, "parent_channel_ref", e.parentChannelRef(), false);
            g.writeStringField("type", e.type().name());
            g.writeStringField("status", e.status().name());
            g.writeStringField("amount", e.amount().toDecimalString());
            g.writeStringField("currency", e.amount().currencyCode());
            g.writeStringField("event_time", e.eventTime().toString());
            FraudFeatures f = e.features();
            JsonWriting.text(g, "customer_id", f.customerId(), false);
            JsonWriting.text(g, "card_fingerprint", f.cardFingerprint(), false);
            JsonWriting.text(g, "card_bin", f.cardBin(), false);
            JsonWriting.text(g, "card_last4", f.cardLast4(), false);
            JsonWriting.text(g, "card_country", f.cardCountry(), false);
            JsonWriting.text(g, "device_id", f.deviceId(), false);
            JsonWriting.text(g, "ip", f.ip(), false);
            JsonWriting.text(g, "ip_country", f.ipCountry(), false);
            if (withSource) {
                g.writeStringField("source", JsonWriting.sourceText(e.source()));
            }
        });
    }

    public static String writeString(PaymentEvent e) {
        return new String(write(e), StandardCharsets.UTF_8);
    }
}
