package dev.recon.fraud;

import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.money.Money;
import java.time.Instant;

/**
 * What windowed rules remember of an earlier payment on the same key: small on purpose, because the
 * streaming job keeps it in keyed state for the longest window of the rule set.
 */
public record PastPayment(String eventId, Instant eventTime, Money amount, TransactionStatus status) {
}
