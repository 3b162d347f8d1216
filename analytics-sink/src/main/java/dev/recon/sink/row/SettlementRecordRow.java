package dev.recon.sink.row;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.SettlementRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One settlement line as stored for analysts ({@code settlement_records}): money as minor units with
 * the currency, fees summed per kind in the settlement currency.
 *
 * <p>Assumptions: {@code recordKey} identifies the line across re-imports of the same file (see
 * {@link #naturalKey}); {@code version} grows with each import that changes it (a re-import with the
 * same data may reuse the version: the row is then identical and collapses). No card numbers:
 * {@code description} was masked by the parser.
 */
public record SettlementRecordRow(
        String recordKey,
        long version,
        String channel,
        LocalDate businessDate,
        String recordType,
        String category,
        String channelRef,
        String modificationRef,
        String merchantRef,
        String merchantAccount,
        Long grossMinor,
        String grossCurrency,
        long netMinor,
        String settlementCurrency,
        Map<String, Long> feesMinor,
        BigDecimal fxRate,
        LocalDate bookingDate,
        Instant eventTime,
        LocalDate valueDate,
        String payoutBatch,
        String description,
        String sourceFile,
        long sourceLine) {

    public SettlementRecordRow {
        ReconResultRow.requireText(recordKey, "record_key");
        ReconResultRow.requireText(channel, "channel");
        Objects.requireNonNull(businessDate, "business_date");
        ReconResultRow.requireText(recordType, "record_type");
        ReconResultRow.requireText(category, "category");
        channelRef = ReconResultRow.orEmpty(channelRef);
        modificationRef = ReconResultRow.orEmpty(modificationRef);
        merchantRef = ReconResultRow.orEmpty(merchantRef);
        merchantAccount = ReconResultRow.orEmpty(merchantAccount);
        ReconResultRow.requireCurrency(settlementCurrency, recordKey, "settlement_currency");
        grossCurrency = grossCurrency == null || grossCurrency.isEmpty() ? settlementCurrency : grossCurrency;
        ReconResultRow.requireCurrency(grossCurrency, recordKey, "gross_currency");
        feesMinor = feesMinor == null ? Map.of() : Map.copyOf(new TreeMap<>(feesMinor));
        Objects.requireNonNull(bookingDate, "booking_date");
        payoutBatch = ReconResultRow.orEmpty(payoutBatch);
        description = ReconResultRow.orEmpty(description);
        sourceFile = ReconResultRow.orEmpty(sourceFile);
    }

    /**
     * Maps a parsed line. The business date is the run's (the channel's day being reconciled), which
     * may differ from the line's booking date around the cut-off.
     */
    public static SettlementRecordRow from(SettlementRecord record, LocalDate businessDate, long version) {
        Map<String, Long> fees = new TreeMap<>();
        for (Fee fee : record.fees()) {
            fees.merge(fee.kind().name(), fee.amount().minorUnits(), Math::addExact);
        }
        Money gross = record.gross();
        return new SettlementRecordRow(naturalKey(record), version, record.channel(), businessDate,
                record.recordType(), record.category().name(), record.channelRef(), record.modificationRef(),
                record.merchantRef(), record.merchantAccount(),
                gross == null ? null : gross.minorUnits(),
                gross == null ? null : gross.currency().getCurrencyCode(),
                record.net().minorUnits(), record.net().currency().getCurrencyCode(), fees, record.fxRate(),
                record.bookingDate(), record.eventTime(), record.valueDate(), record.payoutBatch(),
                record.description(), record.source().origin(), record.source().line());
    }

    /**
     * Channel + record type + channel reference + modification reference (the DESIGN.md duplicate
     * key); lines without a channel reference (fees, payouts) fall back to file and line.
     */
    public static String naturalKey(SettlementRecord record) {
        String identity = record.channelRef() == null || record.channelRef().isEmpty()
                ? "src|" + record.source().origin() + "|" + record.source().line()
                : "ref|" + record.channelRef() + "|" + Objects.toString(record.modificationRef(), "");
        return sha256Hex(record.channel() + "|" + record.recordType() + "|" + identity).substring(0, 32);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    public int grossExponent() {
        return java.util.Currency.getInstance(grossCurrency).getDefaultFractionDigits();
    }

    public int settlementExponent() {
        return java.util.Currency.getInstance(settlementCurrency).getDefaultFractionDigits();
    }
}
