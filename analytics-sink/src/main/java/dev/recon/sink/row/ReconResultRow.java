package dev.recon.sink.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Objects;
import java.util.Set;

/**
 * One version of one reconciliation result, as both stores receive it: exactly the columns of
 * {@code results.csv} (DESIGN.md), with money as signed long minor units of an ISO 4217 currency.
 *
 * <p>Assumptions: {@code reconId} is stable across versions and its {@code channel} and
 * {@code businessDate} never change between versions (both stores place the row by them);
 * {@code version} comes from the data (never the wall clock) and grows with every new decision;
 * {@code deleted} marks a superseded result that must disappear from every total. Amounts of the
 * transaction ({@code internal}, {@code channel}, {@code difference}) and the channel's
 * {@code gross} are in {@code currency}; {@code fee} and {@code net} in {@code settlementCurrency}
 * (the same when there is no FX). {@code decidedAt} is when the deciding input happened (event
 * time or file time, from the data); {@code expectedDate} the expected settlement date items age
 * from (null when unknown: the age is then {@code ageDays} plus the days since the decision);
 * {@code nearMiss} explains the best candidate of an unmatched record.
 * Empty optional text is {@code ""}; absent amounts are {@code null}. No card numbers: the
 * producer has masked {@code detail} and {@code source} already.
 */
public record ReconResultRow(
        String reconId,
        long version,
        boolean deleted,
        String mode,
        String channel,
        LocalDate businessDate,
        String status,
        String breakType,
        String type,
        String merchantId,
        String paymentId,
        String transactionId,
        String channelRef,
        String internalStatus,
        String channelStatus,
        String currency,
        Long internalAmountMinor,
        Long channelAmountMinor,
        Long differenceMinor,
        String settlementCurrency,
        Long grossMinor,
        Long feeMinor,
        Long netMinor,
        BigDecimal fxRate,
        String payoutBatch,
        String matchGroupId,
        int ageDays,
        String rule,
        String detail,
        String source,
        String configVersion,
        Integer fraudScore,
        Instant decidedAt,
        LocalDate expectedDate,
        String nearMiss) {

    public static final Set<String> MODES = Set.of("STREAM", "BATCH");
    public static final Set<String> STATUSES = Set.of("MATCHED", "BREAK", "PENDING");

    public ReconResultRow {
        requireText(reconId, "recon_id");
        if (version < 0) {
            throw new IllegalArgumentException("recon_id " + reconId + ": version " + version + " is negative");
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("recon_id " + reconId + ": mode '" + mode + "' is not one of " + MODES);
        }
        requireText(channel, "channel");
        Objects.requireNonNull(businessDate, "business_date");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("recon_id " + reconId + ": status '" + status + "' is not one of " + STATUSES);
        }
        breakType = orEmpty(breakType);
        if (!"BREAK".equals(status) && !breakType.isEmpty()) {
            throw new IllegalArgumentException("recon_id " + reconId + ": break_type " + breakType + " on a " + status + " result");
        }
        type = orEmpty(type);
        merchantId = orEmpty(merchantId);
        paymentId = orEmpty(paymentId);
        transactionId = orEmpty(transactionId);
        channelRef = orEmpty(channelRef);
        internalStatus = orEmpty(internalStatus);
        channelStatus = orEmpty(channelStatus);
        requireCurrency(currency, reconId, "currency");
        settlementCurrency = settlementCurrency == null || settlementCurrency.isEmpty() ? currency : settlementCurrency;
        requireCurrency(settlementCurrency, reconId, "settlement_currency");
        payoutBatch = orEmpty(payoutBatch);
        matchGroupId = orEmpty(matchGroupId);
        rule = orEmpty(rule);
        detail = orEmpty(detail);
        source = orEmpty(source);
        configVersion = orEmpty(configVersion);
        if (fraudScore != null && (fraudScore < 0 || fraudScore > 65535)) {
            throw new IllegalArgumentException("recon_id " + reconId + ": fraud_score " + fraudScore + " out of range");
        }
        Objects.requireNonNull(decidedAt, "decided_at");
        nearMiss = orEmpty(nearMiss);
    }

    /**
     * The row of a core result, the one mapping both jobs use. Money becomes minor units: the
     * transaction amounts in {@code currency}, fee and net in the settlement currency (the currency
     * of {@code net}, else of {@code fee}). A row must have a currency; a result without one takes
     * it from the first amount it carries.
     *
     * @param decidedAt  when the deciding input happened, from the data (event time, file date)
     * @param fraudScore the payment's fraud score, or null when it was not scored
     */
    public static ReconResultRow from(dev.recon.core.result.ReconResult r, Instant decidedAt, Integer fraudScore) {
        String currency = r.currency();
        if (currency == null || currency.isEmpty()) {
            currency = java.util.stream.Stream.of(r.internalAmount(), r.channelAmount(), r.gross(), r.net(), r.fee())
                    .filter(Objects::nonNull).findFirst().map(dev.recon.core.money.Money::currencyCode)
                    .orElseThrow(() -> new IllegalArgumentException("recon_id " + r.reconId() + " has no currency"));
        }
        dev.recon.core.money.Money settlement = r.net() != null ? r.net() : r.fee();
        return new ReconResultRow(r.reconId(), r.version(), false, r.mode().name(), r.channel(), r.businessDate(),
                r.status().name(), r.breakType() == null ? "" : r.breakType().name(), r.type(), r.merchantId(),
                r.paymentId(), r.transactionId(), r.channelRef(), r.internalStatus(), r.channelStatus(), currency,
                minor(r.internalAmount()), minor(r.channelAmount()), minor(r.difference()),
                settlement == null ? currency : settlement.currencyCode(), minor(r.gross()), minor(r.fee()),
                minor(r.net()), r.fxRate(), r.payoutBatch(), r.matchGroupId(), r.ageDays(), r.rule(), r.detail(),
                r.source(), r.configVersion(), fraudScore, decidedAt, r.expectedDate(), r.nearMiss());
    }

    private static Long minor(dev.recon.core.money.Money money) {
        return money == null ? null : money.minorUnits();
    }

    /** ISO 4217 exponent of {@link #currency()} (2 for EUR, 0 for JPY, 3 for BHD). */
    public int currencyExponent() {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    public int settlementExponent() {
        return Currency.getInstance(settlementCurrency).getDefaultFractionDigits();
    }

    /** The same result marked superseded, at a later version: removes it from both stores. */
    public ReconResultRow supersededAt(long newVersion) {
        return new ReconResultRow(reconId, newVersion, true, mode, channel, businessDate, status, breakType, type,
                merchantId, paymentId, transactionId, channelRef, internalStatus, channelStatus, currency,
                internalAmountMinor, channelAmountMinor, differenceMinor, settlementCurrency, grossMinor, feeMinor,
                netMinor, fxRate, payoutBatch, matchGroupId, ageDays, rule, detail, source, configVersion, fraudScore,
                decidedAt, expectedDate, nearMiss);
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty");
        }
    }

    static void requireCurrency(String code, String reconId, String field) {
        int digits;
        try {
            digits = Currency.getInstance(code == null ? "" : code).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recon_id " + reconId + ": " + field + " '" + code + "' is not an ISO 4217 code");
        }
        if (digits < 0) {
            throw new IllegalArgumentException("recon_id " + reconId + ": " + field + " '" + code + "' has no minor unit");
        }
    }
}
