package dev.recon.core.ledger;

/** Our own status of a ledger entry. UNKNOWN is kept for sources that could not say. */
public enum TransactionStatus {
    SUCCEEDED, AUTHORISED, PENDING, FAILED, CANCELLED, REVERSED, UNKNOWN
}
