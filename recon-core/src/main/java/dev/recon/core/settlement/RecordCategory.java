package dev.recon.core.settlement;

/**
 * What a settlement or statement line means for reconciliation, whatever the channel calls it
 * (Adyen "Settled", Stripe "charge", PayPal T0006, an MT940 credit...). The channel's own name is
 * kept beside it in {@link SettlementRecord#recordType()}, so unknown types are never lost.
 */
public enum RecordCategory {
    /** A captured payment settled to the merchant. */
    PAYMENT(true),
    REFUND(true),
    CHARGEBACK(true),
    /** A chargeback won back, or a second presentment. */
    CHARGEBACK_REVERSAL(true),
    REFUND_REVERSAL(true),
    /** A payout to a customer (withdrawal) or a top-up collected through the channel. */
    WITHDRAWAL(true),
    TOPUP(true),
    /** Fees not tied to one payment (monthly fee, scheme costs, invoice deductions). */
    FEE(false),
    /** The channel paid the batch balance out to our bank account. */
    PAYOUT(false),
    /** Deposit corrections, misc costs, balance transfers: reported, never a break. */
    ADJUSTMENT(false),
    /** A booked line on a bank statement (MT940, camt.053/054, BAI2): the cash leg. */
    BANK_ENTRY(false),
    /** An ACH return or notification of change. */
    BANK_RETURN(false),
    /** A type we do not know: kept as-is and reported, never silently dropped. */
    OTHER(false);

    private final boolean paymentLine;

    RecordCategory(boolean paymentLine) {
        this.paymentLine = paymentLine;
    }

    /** Payment lines are matched against ledger entries; the others are reported in their own section. */
    public boolean isPaymentLine() {
        return paymentLine;
    }
}
