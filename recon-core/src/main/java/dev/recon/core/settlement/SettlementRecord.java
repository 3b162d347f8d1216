package dev.recon.core.settlement;

import dev.recon.core.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One canonical line of a channel's settlement report or a bank statement: what every parser
 * produces and what the engine matches.
 *
 * <p>Sign convention, the same for every format: {@code gross} and {@code net} are signed from the
 * merchant's point of view (positive = credit to us, negative = debit: refunds, chargebacks,
 * withdrawals, fees); fees are positive when charged to us. {@code gross} is in the transaction
 * (payment) currency; {@code net} and the fees in the settlement currency. When the two currencies
 * differ, {@code fxRate} is the channel's stated rate: settlement = gross x fxRate. So
 * {@code net = round(gross x fxRate) - sum(fees)} holds for every line a channel reports in full.
 *
 * <p>References: {@code channelRef} is the channel's reference of the payment (Adyen Psp Reference,
 * Stripe charge id); {@code modificationRef} the reference of a refund/chargeback itself (Adyen
 * Modification Reference); {@code merchantRef} is usually our payment_id.
 *
 * @param channel         configured channel name (adyen, stripe, paypal, bank-xyz ...)
 * @param recordType      the channel's own type name, kept verbatim ("Settled", "MerchantPayout", "charge")
 * @param category        what the line means for reconciliation
 * @param gross           signed, transaction currency; null for lines that have no gross (bank entries use net)
 * @param net             signed, settlement currency; never null
 * @param fees            fees by kind, settlement currency, may be empty
 * @param fxRate          transaction -> settlement currency rate, null when the currencies are equal
 * @param bookingDate     the channel's booking/creation date in its own time zone
 * @param eventTime       exact time when the format carries one, else null
 * @param valueDate       value date (bank statements), else null
 * @param payoutBatch     the payout batch / settlement batch the line belongs to, null if none
 * @param description     free text (MT940 :86:, Stripe description); never a full card number
 * @param source          file and line
 * @param rawLine         the original line for audit, with card numbers masked; may be null
 */
public record SettlementRecord(
        String channel,
        String recordType,
        RecordCategory category,
        String channelRef,
        String modificationRef,
        String merchantRef,
        String merchantAccount,
        Money gross,
        Money net,
        List<Fee> fees,
        BigDecimal fxRate,
        LocalDate bookingDate,
        Instant eventTime,
        LocalDate valueDate,
        String payoutBatch,
        String description,
        SourceLocation source,
        String rawLine) {

    public SettlementRecord {
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(source, "source");
        fees = fees == null ? List.of() : List.copyOf(fees);
    }

    /** Credit (money to us) or debit, from the sign of gross, or net when there is no gross. */
    public Direction direction() {
        Money signed = gross != null ? gross : net;
        return signed.isNegative() ? Direction.DEBIT : Direction.CREDIT;
    }

    /** Sum of all fees in the settlement currency (zero when none). */
    public Money totalFees() {
        Money total = Money.zero(net.currency());
        for (Fee fee : fees) {
            total = total.plus(fee.amount());
        }
        return total;
    }

    /** The natural key of a channel record: reference + type + modification reference (duplicates share it). */
    public String naturalKey() {
        return (channelRef == null ? "" : channelRef) + "|" + recordType + "|"
                + (modificationRef == null ? "" : modificationRef);
    }

    /** Fluent copy helpers keep parsers readable without a builder framework. */
    public SettlementRecord withPayoutBatch(String batch) {
        return new SettlementRecord(channel, recordType, category, channelRef, modificationRef, merchantRef,
                merchantAccount, gross, net, fees, fxRate, bookingDate, eventTime, valueDate, batch, description,
                source, rawLine);
    }

    public enum Direction { CREDIT, DEBIT }
}
