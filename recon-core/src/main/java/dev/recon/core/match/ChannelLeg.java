package dev.recon.core.match;

import dev.recon.core.config.AmountComparison;
import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The channel's side of a payment as the engine sees it: a callback (leg 2) or a settlement line
 * (leg 3), normalised so one set of rules decides both.
 *
 * <p>References are normalised: {@code ownRef} is the reference of this record's own event (for a
 * refund or chargeback line, Adyen's Modification Reference; for a callback, its channel_ref);
 * {@code parentRef} the payment a modification belongs to; {@code modificationRef} the raw
 * modification reference of a settlement line (a capture reference on a payment line).
 * Amounts keep the channel's sign; the engine compares absolute values.
 */
public record ChannelLeg(
        LegKind kind,
        String channel,
        RecordCategory category,
        String recordType,
        String ownRef,
        String parentRef,
        String modificationRef,
        String merchantRef,
        CallbackStatus callbackStatus,
        Money gross,
        Money net,
        Money fees,
        BigDecimal fxRate,
        String payoutBatch,
        LocalDate bookingDate,
        Instant eventTime,
        String deliveryId,
        String source) {

    public ChannelLeg {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(source, "source");
        if (gross == null && net == null) {
            throw new IllegalArgumentException("a channel record needs a gross or a net amount: " + source);
        }
    }

    /** Which leg of the payment this is. */
    public enum LegKind { CALLBACK, SETTLEMENT }

    public static ChannelLeg of(SettlementRecord r) {
        boolean modification = isModification(r.category());
        String own = modification && r.modificationRef() != null ? r.modificationRef() : r.channelRef();
        String parent = modification && r.modificationRef() != null ? r.channelRef() : null;
        Money fees = r.totalFees();
        return new ChannelLeg(LegKind.SETTLEMENT, r.channel(), r.category(), r.recordType(), own, parent,
                r.modificationRef(), r.merchantRef(), null, r.gross(), r.net(), fees, r.fxRate(), r.payoutBatch(),
                r.bookingDate(), r.eventTime(), null, r.source().toString());
    }

    public static ChannelLeg of(ChannelCallback c) {
        CallbackStatus status = c.effectiveStatus();
        return new ChannelLeg(LegKind.CALLBACK, c.channel(), c.status().category(), status.name(), c.channelRef(),
                c.originalChannelRef(), null, c.paymentId(), status, c.amount(), null, null, null, null, null,
                c.eventTime(), c.callbackId(), c.source().toString());
    }

    static boolean isModification(RecordCategory c) {
        return c == RecordCategory.REFUND || c == RecordCategory.CHARGEBACK || c == RecordCategory.REFUND_REVERSAL
                || c == RecordCategory.CHARGEBACK_REVERSAL;
    }

    /**
     * The natural key: channel reference + record type + modification reference. Two records with
     * the same key are the same record reported twice (DUPLICATE).
     */
    public String naturalKey() {
        return kind.name().charAt(0) + "|" + nz(kind == LegKind.SETTLEMENT && parentRef != null ? parentRef : ownRef)
                + "|" + recordType + "|" + nz(kind == LegKind.SETTLEMENT ? modificationRef : parentRef);
    }

    /**
     * The amount compared with the ledger, absolute, in the currency it is reported in: the gross,
     * or net plus fees when so configured or when there is no gross.
     */
    public Money comparableAmount(AmountComparison comparison) {
        if (kind == LegKind.CALLBACK || (comparison == AmountComparison.GROSS && gross != null)) {
            return gross.abs();
        }
        Money n = net.abs();
        return fees == null ? n : n.plus(fees);
    }

    /** Whether the channel says money moved (settlement lines always do; FAILED/CANCELLED callbacks do not). */
    public boolean success() {
        return kind == LegKind.SETTLEMENT || callbackStatus.movesMoney() || callbackStatus == CallbackStatus.AUTHORISED;
    }

    /** The channel-local date of the record, for date windows and age. */
    public LocalDate date(java.time.ZoneId zone) {
        if (bookingDate != null) {
            return bookingDate;
        }
        return eventTime == null ? null : eventTime.atZone(zone).toLocalDate();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
