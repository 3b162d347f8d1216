package dev.recon.core.settlement;

/** Why the channel charged a fee on a line (Adyen's Commission / Markup / Scheme Fees / Interchange ...). */
public enum FeeKind {
    COMMISSION, MARKUP, SCHEME, INTERCHANGE, PROCESSING, CHARGEBACK_FEE, FX, OTHER
}
