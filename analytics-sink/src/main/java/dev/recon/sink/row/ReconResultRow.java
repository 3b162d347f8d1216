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
