package dev.recon.core.config;

/**
 * The keys that link a ledger entry to a channel record, tried in the configured order; the first
 * key that links decides, and the result's {@code rule} names it.
 */
public enum MatchKey {
    /** Ledger channel_ref = the channel record's own reference (a refund's modification reference). */
    CHANNEL_REF(true),
    /** Ledger channel_ref = the record's modification reference (a capture reference on a payment line). */
    MODIFICATION_REF(true),
    /** Ledger payment_id = the record's merchant reference. */
    MERCHANT_REF(false),
    /** Ledger transaction_id = the record's merchant reference (channels that echo our entry id). */
    TRANSACTION_ID(false),
    /** Ledger parent_channel_ref = the record's parent reference, with the same absolute amount. */
    PARENT_REF_AND_AMOUNT(false);

    private final boolean reference;

    MatchKey(boolean reference) {
        this.reference = reference;
    }

    /**
     * Channel references are unique per channel, so they link regardless of dates; the fallback
     * keys only link inside the configured date window, so that a reused merchant reference from
     * last month does not pair with today's line.
     */
    public boolean isChannelReference() {
        return reference;
    }

    public String ruleName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
