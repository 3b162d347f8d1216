package dev.recon.sink.row;

import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * One leg of a payment as a result saw it (DESIGN.md "The legs of a payment"): the internal entry,
 * the channel's callback, or the channel's settlement line. Stored in the Elasticsearch document
 * under {@code legs.<kind>} so support staff see in one place what each system said.
 *
 * <p>Assumptions: {@code amountMinor} is in {@code currency} (ISO 4217, minor units), both null
 * when the leg carries no amount; {@code occurredAt} is when the leg happened according to its own
 * system (event time, created_at, the settlement line's booking time) and {@code recordedAt} when
 * it reached us (Kafka record time, the file's date), both from the data and null when unknown;
 * {@code source} names the file:line or topic/partition@offset. Empty text is {@code ""}.
 */
public record PaymentLeg(
        Kind kind,
        String reference,
        Long amountMinor,
        String currency,
        String status,
        Instant occurredAt,
        Instant recordedAt,
        String source) {

    /** Which system the leg comes from; {@link #field()} is its name in the document. */
    public enum Kind {
        INTERNAL("internal"), CALLBACK("callback"), SETTLEMENT("settlement");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public PaymentLeg {
        Objects.requireNonNull(kind, "leg kind");
        reference = ReconResultRow.orEmpty(reference);
        status = ReconResultRow.orEmpty(status);
        source = ReconResultRow.orEmpty(source);
        currency = currency == null || currency.isEmpty() ? null : currency;
        if (amountMinor != null && currency == null) {
            throw new IllegalArgumentException(kind.field() + " leg " + reference + ": an amount needs its currency");
        }
        if (currency != null) {
            ReconResultRow.requireCurrency(currency, reference, kind.field() + " leg currency");
        }
    }

    /** The same leg with the times its system reported (from the data, never the wall clock). */
    public PaymentLeg at(Instant occurred, Instant recorded) {
        return new PaymentLeg(kind, reference, amountMinor, currency, status, occurred, recorded, source);
    }

    /** ISO 4217 exponent of {@link #currency()}, or -1 without a currency. */
    public int currencyExponent() {
        return currency == null ? -1 : Currency.getInstance(currency).getDefaultFractionDigits();
    }
}
