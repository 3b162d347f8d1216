package dev.recon.core.config;

/**
 * What the ledger amount is compared with. GROSS: the channel's gross. NET: the channel's net plus
 * its fees, for channels whose reports only carry a reliable net (the fees are added back so the
 * comparison is still against what the customer paid).
 */
public enum AmountComparison {
    GROSS, NET
}
