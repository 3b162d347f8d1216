package dev.recon.sink.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
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
 * {@code nearMiss} explains the best candidate of an unmatched record. {@code legs} are what each
 * system said about the payment (at most one per {@link PaymentLeg.Kind}; Elasticsearch only);
 * {@code fraudDecision} and {@code fraudRules} the fraud decision and the rules it hit, where known
 * ({@code ""} and empty otherwise).
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
        String nearMiss,
        List<PaymentLeg> legs,
        String fraudDecision,
        List<String> fraudRules) {

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
        if (!settlementCurrency.equals(currency)) {
            // without FX it is the currency just checked: one ISO 4217 look-up per row less
            requireCurrency(settlementCurrency, reconId, "settlement_currency");
        }
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
        if (!(legs instanceof DerivedLegs)) {
            // derived legs are immutable and hold at most one leg of each kind by construction
            legs = legs == null ? List.of() : List.copyOf(legs);
            Set<PaymentLeg.Kind> kinds = EnumSet.noneOf(PaymentLeg.Kind.class);
            for (PaymentLeg leg : legs) {
                if (!kinds.add(leg.kind())) {
                    throw new IllegalArgumentException("recon_id " + reconId + ": two " + leg.kind().field() + " legs");
                }
            }
        }
        fraudDecision = orEmpty(fraudDecision);
        fraudRules = fraudRules == null ? List.of() : List.copyOf(fraudRules);
    }

    /**
     * The row as before legs and fraud rules existed: the legs are derived from the row's own
     * columns ({@link #derivedLegs}), without times; no fraud decision or rules.
     */
    public ReconResultRow(String reconId, long version, boolean deleted, String mode, String channel,
                          LocalDate businessDate, String status, String breakType, String type, String merchantId,
                          String paymentId, String transactionId, String channelRef, String internalStatus,
                          String channelStatus, String currency, Long internalAmountMinor, Long channelAmountMinor,
                          Long differenceMinor, String settlementCurrency, Long grossMinor, Long feeMinor,
                          Long netMinor, BigDecimal fxRate, String payoutBatch, String matchGroupId, int ageDays,
                          String rule, String detail, String source, String configVersion, Integer fraudScore,
                          Instant decidedAt, LocalDate expectedDate, String nearMiss) {
        this(reconId, version, deleted, mode, channel, businessDate, status, breakType, type, merchantId, paymentId,
                transactionId, channelRef, internalStatus, channelStatus, currency, internalAmountMinor,
                channelAmountMinor, differenceMinor, settlementCurrency, grossMinor, feeMinor, netMinor, fxRate,
                payoutBatch, matchGroupId, ageDays, rule, detail, source, configVersion, fraudScore, decidedAt,
                expectedDate, nearMiss,
                new DerivedLegs(reconId, mode, paymentId, transactionId, channelRef, internalStatus, channelStatus, currency,
                        internalAmountMinor, channelAmountMinor, grossMinor, source,
                        internalStatus != null && !internalStatus.isEmpty() || internalAmountMinor != null,
                        channelStatus != null && !channelStatus.isEmpty() || channelAmountMinor != null
                                || grossMinor != null),
                "", List.of());
    }

    /**
     * The legs a result's own columns show, without times (a result does not carry them): the
     * internal entry (reference = transaction id, else payment id; internal amount and status) when
     * the result has one, and the channel leg (reference = channel_ref; status = channel_status;
     * the settlement's gross, else the compared channel amount) when it has one, as a callback for
     * STREAM results and a settlement line for BATCH results. {@code source} is split on the
     * engine's {@code "internal <> channel"} separator; a one-sided source belongs to the one leg.
     */
    public static List<PaymentLeg> derivedLegs(String reconId, String mode, String paymentId, String transactionId, String channelRef,
                                               String internalStatus, String channelStatus, String currency,
                                               Long internalAmountMinor, Long channelAmountMinor, Long grossMinor,
                                               String source, boolean hasInternal, boolean hasChannel) {
        requireCurrency(currency, reconId, "currency");
        String src = orEmpty(source);
        String internalSource = src;
        String channelSource = src;
        int split = src.indexOf(" <> ");
        if (split >= 0) {
            internalSource = src.substring(0, split);
            channelSource = src.substring(split + 4);
        } else if (hasInternal && hasChannel) {
            channelSource = "";
        }
        List<PaymentLeg> legs = new ArrayList<>(2);
        if (hasInternal) {
            String reference = transactionId == null || transactionId.isEmpty() ? paymentId : transactionId;
            legs.add(new PaymentLeg(PaymentLeg.Kind.INTERNAL, reference, internalAmountMinor,
                    internalAmountMinor == null ? null : currency, internalStatus, null, null, internalSource));
        }
        if (hasChannel) {
            boolean settlement = !"STREAM".equals(mode);
            Long amount = settlement && grossMinor != null ? grossMinor : channelAmountMinor;
            legs.add(new PaymentLeg(settlement ? PaymentLeg.Kind.SETTLEMENT : PaymentLeg.Kind.CALLBACK, channelRef,
                    amount, amount == null ? null : currency, channelStatus, null, null, channelSource));
        }
        return legs;
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
                r.source(), r.configVersion(), fraudScore, decidedAt, r.expectedDate(), r.nearMiss(),
                new DerivedLegs(r.reconId(), r.mode().name(), r.paymentId(), r.transactionId(), r.channelRef(), r.internalStatus(),
                        r.channelStatus(), currency, minor(r.internalAmount()), minor(r.channelAmount()),
                        minor(r.gross()), r.source(), r.internalRecord(),
                        r.channelRecords() > 0 || r.channelAmount() != null || r.gross() != null),
                "", List.of());
    }

    /**
     * {@link #derivedLegs} built when first read: only Elasticsearch reads a row's legs, so a row that goes to
     * ClickHouse alone never builds them (the legs, their list, the split source and three ISO 4217 look-ups were
     * about a tenth of building a row, docs/benchmarks.md session 6). An immutable list equal to the eager one
     * (same legs, order, {@code equals}, {@code hashCode} and {@code toString}), so the row's own equality is
     * unchanged. Its inputs are checked by the row itself (the currency is the row's, already checked).
     */
    private static final class DerivedLegs extends AbstractList<PaymentLeg> implements RandomAccess {
        private final String reconId;
        private final String mode;
        private final String paymentId;
        private final String transactionId;
        private final String channelRef;
        private final String internalStatus;
        private final String channelStatus;
        private final String currency;
        private final Long internalAmountMinor;
        private final Long channelAmountMinor;
        private final Long grossMinor;
        private final String source;
        private final boolean hasInternal;
        private final boolean hasChannel;
        /** Racy single check: a second reader may derive again, both get equal immutable lists. */
        private List<PaymentLeg> derived;

        DerivedLegs(String reconId, String mode, String paymentId, String transactionId, String channelRef,
                    String internalStatus, String channelStatus, String currency, Long internalAmountMinor,
                    Long channelAmountMinor, Long grossMinor, String source, boolean hasInternal, boolean hasChannel) {
            this.reconId = reconId;
            this.mode = mode;
            this.paymentId = paymentId;
            this.transactionId = transactionId;
            this.channelRef = channelRef;
            this.internalStatus = internalStatus;
            this.channelStatus = channelStatus;
            this.currency = currency;
            this.internalAmountMinor = internalAmountMinor;
            this.channelAmountMinor = channelAmountMinor;
            this.grossMinor = grossMinor;
            this.source = source;
            this.hasInternal = hasInternal;
            this.hasChannel = hasChannel;
        }

        private List<PaymentLeg> legs() {
            List<PaymentLeg> legs = derived;
            if (legs == null) {
                legs = List.copyOf(derivedLegs(reconId, mode, paymentId, transactionId, channelRef, internalStatus,
                        channelStatus, currency, internalAmountMinor, channelAmountMinor, grossMinor, source, hasInternal,
                        hasChannel));
                derived = legs;
            }
            return legs;
        }

        @Override
        public PaymentLeg get(int index) {
            return legs().get(index);
        }

        @Override
        public int size() {
            return (hasInternal ? 1 : 0) + (hasChannel ? 1 : 0);
        }
    }

    /** The leg of {@code kind}, if the row has it. */
    public java.util.Optional<PaymentLeg> leg(PaymentLeg.Kind kind) {
        for (PaymentLeg leg : legs) {
            if (leg.kind() == kind) {
                return java.util.Optional.of(leg);
            }
        }
        return java.util.Optional.empty();
    }

    /** The same row with these legs (e.g. with the times the producer knows) in place of the derived ones. */
    public ReconResultRow withLegs(List<PaymentLeg> newLegs) {
        return new ReconResultRow(reconId, version, deleted, mode, channel, businessDate, status, breakType, type,
                merchantId, paymentId, transactionId, channelRef, internalStatus, channelStatus, currency,
                internalAmountMinor, channelAmountMinor, differenceMinor, settlementCurrency, grossMinor, feeMinor,
                netMinor, fxRate, payoutBatch, matchGroupId, ageDays, rule, detail, source, configVersion, fraudScore,
                decidedAt, expectedDate, nearMiss, newLegs, fraudDecision, fraudRules);
    }

    /** The same row with the payment's fraud decision: its score, decision and the rules it hit. */
    public ReconResultRow withFraud(int score, String decision, List<String> rulesHit) {
        return new ReconResultRow(reconId, version, deleted, mode, channel, businessDate, status, breakType, type,
                merchantId, paymentId, transactionId, channelRef, internalStatus, channelStatus, currency,
                internalAmountMinor, channelAmountMinor, differenceMinor, settlementCurrency, grossMinor, feeMinor,
                netMinor, fxRate, payoutBatch, matchGroupId, ageDays, rule, detail, source, configVersion, score,
                decidedAt, expectedDate, nearMiss, legs, decision, rulesHit);
    }

    /** {@link #withFraud(int, String, List)} from a {@code fraud_scores} row of the same payment. */
    public ReconResultRow withFraud(FraudScoreRow fraud) {
        return withFraud(fraud.score(), fraud.decision(), fraud.rules());
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
                decidedAt, expectedDate, nearMiss, legs, fraudDecision, fraudRules);
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
