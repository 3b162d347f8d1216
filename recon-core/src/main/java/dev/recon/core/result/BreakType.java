package dev.recon.core.result;

/** Why a result is a BREAK (DESIGN.md "Results"). Empty ({@code null}) unless the status is BREAK. */
public enum BreakType {
    /** We have the entry, the channel does not (after it was due). */
    MISSING_IN_CHANNEL,
    /** The channel has a record, we have no ledger entry for it. */
    MISSING_INTERNAL,
    AMOUNT_MISMATCH,
    CURRENCY_MISMATCH,
    /** Both sides exist but disagree on what happened (a settlement of a payment we marked FAILED). */
    STATUS_MISMATCH,
    /** A second channel record with the same channel reference, record type and modification reference. */
    DUPLICATE,
    /** Refunds and chargebacks of one payment add up to more than it captured. */
    OVER_REFUND,
    /** The charged fee is outside the channel's configured fee schedule. */
    FEE_MISMATCH,
    /** A payout batch and its bank statement credit disagree in amount. */
    PAYOUT_MISMATCH,
    /** A payout batch with no bank statement credit. */
    MISSING_PAYOUT
}
