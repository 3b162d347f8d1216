package dev.recon.core.event.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A {@link ReconResult} as one JSON object: the value of a {@code recon-results} message. Field
 * names are the {@code results.csv} column names ({@link ReconResult#CSV_COLUMNS}) plus
 * {@code channel_records} and {@code internal_record}; absent values are omitted.
 *
 * <p>Amounts are decimal strings in major units. Each is in {@code currency} (the transaction
 * currency) unless a {@code <field>_currency} says otherwise (fee and net in the settlement
 * currency, a channel amount in another currency on a CURRENCY_MISMATCH), so a round trip is exact.
 */
public final class ReconResultJson {

    private ReconResultJson() {
    }

    public static byte[] write(ReconResult r) {
        return JsonWriting.object(g -> {
            g.writeStringField("recon_id", r.reconId());
            g.writeNumberField("version", r.version());
            g.writeStringField("mode", r.mode().name());
            JsonWriting.text(g, "channel", r.channel(), false);
            JsonWriting.text(g, "business_date", r.businessDate() == null ? null : r.businessDate().toString(), false);
            g.writeStringField("status", r.status().name());
            JsonWriting.text(g, "break_type", r.breakType() == null ? null : r.breakType().name(), false);
            JsonWriting.text(g, "type", r.type(), false);
            JsonWriting.text(g, "merchant_id", r.merchantId(), false);
            JsonWriting.text(g, "payment_id", r.paymentId(), false);
            JsonWriting.text(g, "transaction_id", r.transactionId(), false);
            JsonWriting.text(g, "channel_ref", r.channelRef(), false);
            JsonWriting.text(g, "internal_status", r.internalStatus(), false);
            JsonWriting.text(g, "channel_status", r.channelStatus(), false);
            JsonWriting.text(g, "currency", r.currency(), false);
            money(g, "internal_amount", r.internalAmount(), r.currency());
            money(g, "channel_amount", r.channelAmount(), r.currency());
            money(g, "difference", r.difference(), r.currency());
            money(g, "gross", r.gross(), r.currency());
            money(g, "fee", r.fee(), r.currency());
            money(g, "net", r.net(), r.currency());
            JsonWriting.text(g, "fx_rate", r.fxRate() == null ? null : r.fxRate().toPlainString(), false);
            JsonWriting.text(g, "payout_batch", r.payoutBatch(), false);
            JsonWriting.text(g, "match_group_id", r.matchGroupId(), false);
            g.writeNumberField("age_days", r.ageDays());
            JsonWriting.text(g, "rule", r.rule(), false);
            JsonWriting.text(g, "detail", r.detail(), false);
            JsonWriting.text(g, "source", r.source(), false);
            JsonWriting.text(g, "config_version", r.configVersion(), false);
            JsonWriting.text(g, "near_miss", r.nearMiss(), false);
            JsonWriting.text(g, "expected_date", r.expectedDate() == null ? null : r.expectedDate().toString(), false);
            g.writeNumberField("channel_records", r.channelRecords());
            g.writeBooleanField("internal_record", r.internalRecord());
        });
    }

    public static String writeString(ReconResult r) {
        return new String(write(r), StandardCharsets.UTF_8);
    }

    public static ReconResult read(byte[] json) throws EventRejectedException {
        FlatJsonObject o = FlatJsonObject.parse(json, false);
        String currency = o.optional("currency");
        String breakType = o.optional("break_type");
        String fx = o.optional("fx_rate");
        Boolean internal = o.optionalBoolean("internal_record");
        try {
            return new ReconResult(o.required("recon_id"), Long.parseLong(o.required("version")),
                    o.requiredEnum("mode", ReconMode.class), o.optional("channel"), date(o, "business_date"),
                    o.requiredEnum("status", ResultStatus.class),
                    breakType == null ? null : o.requiredEnum("break_type", BreakType.class), o.optional("type"),
                    o.optional("merchant_id"), o.optional("payment_id"), o.optional("transaction_id"),
                    o.optional("channel_ref"), o.optional("internal_status"), o.optional("channel_status"),
                    money(o, "internal_amount", currency), money(o, "channel_amount", currency),
                    currency, money(o, "difference", currency), money(o, "gross", currency), money(o, "fee", currency),
                    money(o, "net", currency), fx == null ? null : new BigDecimal(fx), o.optional("payout_batch"),
                    o.optional("match_group_id"), intValue(o, "age_days"), o.optional("rule"), o.optional("detail"),
                    o.optional("source"), o.optional("config_version"), o.optional("near_miss"),
                    date(o, "expected_date"), intValue(o, "channel_records"), internal != null && internal);
        } catch (NumberFormatException e) {
            throw new EventRejectedException(RejectionReason.INVALID_FIELD, null, "a number field is not a number: "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException(RejectionReason.INVALID_FIELD, null, e.getMessage());
        }
    }

    private static void money(JsonGenerator g, String field, Money m, String currency) throws IOException {
        if (m == null) {
            return;
        }
        g.writeStringField(field, m.toDecimalString());
        if (!m.currencyCode().equals(currency)) {
            g.writeStringField(field + "_currency", m.currencyCode());
        }
    }

    private static Money money(FlatJsonObject o, String field, String currency) throws EventRejectedException {
        if (o.optional(field) == null) {
            return null;
        }
        String own = field + "_currency";
        return o.requiredMoney(field, o.optional(own) != null || currency == null ? own : "currency", true);
    }

    private static LocalDate date(FlatJsonObject o, String field) throws EventRejectedException {
        String v = o.optional(field);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new EventRejectedException(RejectionReason.INVALID_FIELD, field, "'" + field + "' is '" + v
                    + "', expected YYYY-MM-DD");
        }
    }

    private static int intValue(FlatJsonObject o, String field) throws EventRejectedException {
        String v = o.optional(field);
        return v == null ? 0 : Integer.parseInt(v);
    }
}
