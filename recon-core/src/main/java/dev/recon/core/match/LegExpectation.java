package dev.recon.core.match;

import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.settlement.RecordCategory;

/**
 * Which channel legs a ledger entry expects, and whether a channel record's category and outcome
 * agree with the entry (DESIGN.md "Which legs each entry expects"). Pure functions of enums so the
 * object engine and the columnar matcher apply literally the same rules.
 *
 * <ul>
 *   <li>PAYMENT/CAPTURE SUCCEEDED: callback and settlement line;</li>
 *   <li>AUTHORISED only, CANCELLED, FAILED, REVERSED: no settlement line (one is STATUS_MISMATCH);
 *       FAILED or CANCELLED with no channel record at all is consistent;</li>
 *   <li>REFUND, CHARGEBACK: their own callback and settlement line;</li>
 *   <li>WITHDRAWAL, TOPUP: a channel line; TRANSFER: no channel leg at all.</li>
 * </ul>
 * PENDING and UNKNOWN internal statuses are undecided: they expect the legs a success would.
 */
public final class LegExpectation {

    private LegExpectation() {
    }

    /** The settlement category a ledger entry of this type is settled as; null for TRANSFER. */
    public static RecordCategory categoryOf(TransactionType type) {
        return switch (type) {
            case PAYMENT, CAPTURE -> RecordCategory.PAYMENT;
            case REFUND -> RecordCategory.REFUND;
            case CHARGEBACK -> RecordCategory.CHARGEBACK;
            case WITHDRAWAL -> RecordCategory.WITHDRAWAL;
            case TOPUP -> RecordCategory.TOPUP;
            case TRANSFER -> null;
        };
    }

    /** The ledger type name a channel record of this category stands for (for rows without an entry). */
    public static String typeNameOf(RecordCategory category) {
        return switch (category) {
            case PAYMENT -> TransactionType.PAYMENT.name();
            case REFUND -> TransactionType.REFUND.name();
            case CHARGEBACK -> TransactionType.CHARGEBACK.name();
            case WITHDRAWAL -> TransactionType.WITHDRAWAL.name();
            case TOPUP -> TransactionType.TOPUP.name();
            default -> category.name();
        };
    }

    /** A channel record can only pair with a ledger entry of the same kind (a refund line with a refund). */
    public static boolean compatible(TransactionType type, RecordCategory category) {
        return categoryOf(type) == category;
    }

    public static boolean expectsAnyChannelLeg(TransactionType type) {
        return type != TransactionType.TRANSFER;
    }

    /** True when money moved for this entry, false when it did not, null when we do not know yet. */
    public static Boolean internalSuccess(TransactionStatus status) {
        return switch (status) {
            case SUCCEEDED -> Boolean.TRUE;
            case AUTHORISED -> Boolean.TRUE;
            case FAILED, CANCELLED, REVERSED -> Boolean.FALSE;
            case PENDING, UNKNOWN -> null;
        };
    }

    /** Whether the entry should appear in a settlement file: only entries that moved money. */
    public static boolean expectsSettlement(TransactionType type, TransactionStatus status) {
        return type != TransactionType.TRANSFER && status != TransactionStatus.AUTHORISED
                && status != TransactionStatus.FAILED && status != TransactionStatus.CANCELLED
                && status != TransactionStatus.REVERSED;
    }

    /** A settlement line for an entry that did not move money (FAILED, CANCELLED, AUTHORISED only). */
    public static boolean settlementContradicts(TransactionStatus status) {
        return status == TransactionStatus.FAILED || status == TransactionStatus.CANCELLED
                || status == TransactionStatus.AUTHORISED || status == TransactionStatus.REVERSED;
    }

    /** Whether the stream waits for a callback: every channel entry except those that never reached the channel. */
    public static boolean expectsCallback(TransactionType type, TransactionStatus status) {
        return type != TransactionType.TRANSFER && status != TransactionStatus.FAILED
                && status != TransactionStatus.CANCELLED;
    }

    /**
     * Whether a callback outcome contradicts the ledger status: the channel says money moved and we
     * say it failed, or the reverse. An undecided internal status contradicts nothing.
     */
    public static boolean callbackContradicts(TransactionStatus status, boolean channelSuccess) {
        Boolean ours = internalSuccess(status);
        return ours != null && ours != channelSuccess;
    }
}
