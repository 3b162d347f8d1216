package dev.recon.sink.elasticsearch;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.recon.sink.row.PaymentLeg;
import dev.recon.sink.row.ReconResultRow;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The Elasticsearch document of one result: the row's fields under their {@code results.csv} names
 * (see recon-results-template.json), amounts as long minor units plus their exact decimal text
 * for display ({@code internal_amount: "12.50"}), because the node has no scaled_float and money
 * must not become a double.
 *
 * {@code legs.internal|callback|settlement} carry what each system said (reference, amount, status,
 * times, source); {@code fraud_score}, {@code fraud_decision} and {@code fraud_rules} the payment's
 * fraud decision where known.
 *
 * <p>Assumption: the mapping is strict, so every field written here must exist in the template.
 */
public final class ReconResultDocument {

    private ReconResultDocument() {
    }

    public static void write(ReconResultRow r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("recon_id", r.reconId());
        g.writeNumberField("version", r.version());
        g.writeStringField("mode", r.mode());
        g.writeStringField("channel", r.channel());
        g.writeStringField("business_date", r.businessDate().toString());
        g.writeStringField("status", r.status());
        optional(g, "break_type", r.breakType());
        optional(g, "type", r.type());
        optional(g, "merchant_id", r.merchantId());
        optional(g, "payment_id", r.paymentId());
        optional(g, "transaction_id", r.transactionId());
        optional(g, "channel_ref", r.channelRef());
        optional(g, "internal_status", r.internalStatus());
        optional(g, "channel_status", r.channelStatus());
        g.writeStringField("currency", r.currency());
        amount(g, "internal_amount", r.internalAmountMinor(), r.currencyExponent());
        amount(g, "channel_amount", r.channelAmountMinor(), r.currencyExponent());
        amount(g, "difference", r.differenceMinor(), r.currencyExponent());
        g.writeStringField("settlement_currency", r.settlementCurrency());
        minor(g, "gross_minor", r.grossMinor());
        minor(g, "fee_minor", r.feeMinor());
        minor(g, "net_minor", r.netMinor());
        if (r.fxRate() != null) {
            g.writeStringField("fx_rate", r.fxRate().toPlainString());
        }
        optional(g, "payout_batch", r.payoutBatch());
        optional(g, "match_group_id", r.matchGroupId());
        g.writeNumberField("age_days", r.ageDays());
        optional(g, "rule", r.rule());
        optional(g, "detail", r.detail());
        optional(g, "source", r.source());
        optional(g, "config_version", r.configVersion());
        if (r.fraudScore() != null) {
            g.writeNumberField("fraud_score", r.fraudScore());
        }
        optional(g, "fraud_decision", r.fraudDecision());
        if (!r.fraudRules().isEmpty()) {
            g.writeArrayFieldStart("fraud_rules");
            for (String rule : r.fraudRules()) {
                g.writeString(rule);
            }
            g.writeEndArray();
        }
        g.writeStringField("decided_at", r.decidedAt().toString());
        if (r.expectedDate() != null) {
            g.writeStringField("expected_date", r.expectedDate().toString());
        }
        optional(g, "near_miss", r.nearMiss());
        if (!r.legs().isEmpty()) {
            g.writeObjectFieldStart("legs");
            for (PaymentLeg leg : r.legs()) {
                g.writeObjectFieldStart(leg.kind().field());
                optional(g, "reference", leg.reference());
                if (leg.amountMinor() != null) {
                    amount(g, "amount", leg.amountMinor(), leg.currencyExponent());
                }
                if (leg.currency() != null) {
                    g.writeStringField("currency", leg.currency());
                }
                optional(g, "status", leg.status());
                if (leg.occurredAt() != null) {
                    g.writeStringField("occurred_at", leg.occurredAt().toString());
                }
                if (leg.recordedAt() != null) {
                    g.writeStringField("recorded_at", leg.recordedAt().toString());
                }
                optional(g, "source", leg.source());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }

    private static void minor(JsonGenerator g, String field, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(field, value);
        }
    }

    private static void amount(JsonGenerator g, String field, Long minorUnits, int exponent) throws IOException {
        if (minorUnits != null) {
            g.writeNumberField(field + "_minor", minorUnits);
            g.writeStringField(field, BigDecimal.valueOf(minorUnits, exponent).toPlainString());
        }
    }
}
