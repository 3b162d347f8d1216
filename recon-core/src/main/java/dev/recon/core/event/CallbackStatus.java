package dev.recon.core.event;

import dev.recon.core.settlement.RecordCategory;

/**
 * What a channel's asynchronous notification says happened. Each status belongs to one kind of
 * ledger entry, expressed as the {@link RecordCategory} a settlement line for it would have, so
 * callbacks and settlement lines are paired with ledger entries by the same category rule.
 */
public enum CallbackStatus {
    AUTHORISED(RecordCategory.PAYMENT),
    CAPTURED(RecordCategory.PAYMENT),
    REFUNDED(RecordCategory.REFUND),
    FAILED(RecordCategory.PAYMENT),
    CHARGEBACK(RecordCategory.CHARGEBACK),
    CANCELLED(RecordCategory.PAYMENT);

    private final RecordCategory category;

    CallbackStatus(RecordCategory category) {
        this.category = category;
    }

    public RecordCategory category() {
        return category;
    }

    /** A FAILED or CANCELLED callback says no money moved. */
    public boolean movesMoney() {
        return this == CAPTURED || this == REFUNDED || this == CHARGEBACK;
    }
}
