package dev.recon.core.ledger;

/** The kind of ledger entry, as emitted by our transaction core (DESIGN.md "legs of a payment"). */
public enum TransactionType {
    PAYMENT, CAPTURE, REFUND, CHARGEBACK, WITHDRAWAL, TOPUP, TRANSFER;

    /** Refunds and chargebacks are modifications of a parent payment and carry their own reference. */
    public boolean isModification() {
        return this == REFUND || this == CHARGEBACK;
    }

    /** Money leaves the merchant: the channel and the bank show a debit. */
    public boolean isDebit() {
        return this == REFUND || this == CHARGEBACK || this == WITHDRAWAL;
    }
}
