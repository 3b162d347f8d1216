package dev.recon.core.result;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import java.time.LocalDate;

/**
 * A settlement line that is not a payment (fees, payouts, adjustments, bank entries): reported in
 * its own section of the summary, never a break and never matched against ledger entries.
 */
public record NonPaymentLine(
        String channel,
        LocalDate businessDate,
        RecordCategory category,
        String recordType,
        String channelRef,
        Money net,
        Money totalFees,
        String payoutBatch,
        String description,
        String source) {

    /**
     * Totals of net amounts per category and currency, for the summary's non-payment section
     * (sorted: category order, then currency code).
     */
    public static java.util.Map<RecordCategory, java.util.Map<String, Money>> totals(java.util.List<NonPaymentLine> lines) {
        java.util.Map<RecordCategory, java.util.Map<String, Money>> out = new java.util.EnumMap<>(RecordCategory.class);
        for (NonPaymentLine l : lines) {
            out.computeIfAbsent(l.category(), c -> new java.util.TreeMap<>())
                    .merge(l.net().currencyCode(), l.net(), Money::plus);
        }
        return out;
    }

    public static NonPaymentLine of(SettlementRecord record, LocalDate businessDate) {
        return new NonPaymentLine(record.channel(), businessDate, record.category(), record.recordType(),
                record.channelRef(), record.net(), record.totalFees(), record.payoutBatch(), record.description(),
                record.source().toString());
    }
}
