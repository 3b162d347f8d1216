-- V002: views for analysts and dashboards. They read the versioned tables with FINAL, so a
-- re-run (new versions of the same recon_id) or a superseded row (is_deleted = 1) never counts
-- twice. Plain views rather than insert-triggered materialized views: those would aggregate
-- every version and double count after a re-run; age buckets depend on today() and are
-- computed at query time. Amounts are shown as Decimal(38, 4) major units next to the currency
-- (exact for every ISO 4217 exponent up to 4).

CREATE VIEW IF NOT EXISTS recon_results_current AS
SELECT
    *,
    toDecimal128(ifNull(internal_amount_minor, 0), 4) / intExp10(currency_exponent) AS internal_amount,
    toDecimal128(ifNull(channel_amount_minor, 0), 4) / intExp10(currency_exponent) AS channel_amount,
    toDecimal128(ifNull(difference_minor, 0), 4) / intExp10(currency_exponent) AS difference,
    -- the money at stake in a break: the difference when both sides exist, else the side we have
    toDecimal128(abs(coalesce(difference_minor, channel_amount_minor, internal_amount_minor, 0)), 4)
        / intExp10(currency_exponent) AS exposure,
    -- items age from their expected settlement date; without one, from the age at decision time
    if(expected_date IS NULL,
       age_days + toInt32(dateDiff('day', toDate(decided_at), today())),
       toInt32(dateDiff('day', assumeNotNull(expected_date), today()))) AS age_days_now
FROM recon_results FINAL;

CREATE VIEW IF NOT EXISTS daily_match_rate AS
SELECT
    business_date,
    channel,
    mode,
    count() AS results,
    countIf(status = 'MATCHED') AS matched,
    countIf(status = 'BREAK') AS breaks,
    countIf(status = 'PENDING') AS pending,
    round(countIf(status = 'MATCHED') / nullIf(countIf(status != 'PENDING'), 0), 4) AS match_rate
FROM recon_results_current
GROUP BY business_date, channel, mode;

CREATE VIEW IF NOT EXISTS break_amounts_daily AS
SELECT
    business_date,
    channel,
    break_type,
    currency,
    count() AS breaks,
    sum(exposure) AS exposure
FROM recon_results_current
WHERE status = 'BREAK'
GROUP BY business_date, channel, break_type, currency;

CREATE VIEW IF NOT EXISTS open_breaks_by_age AS
SELECT
    channel,
    multiIf(age_days_now < 1, '0-1', age_days_now < 3, '1-3', age_days_now < 7, '3-7', '7+') AS age_bucket,
    break_type,
    currency,
    count() AS breaks,
    sum(exposure) AS exposure
FROM recon_results_current
WHERE status = 'BREAK'
GROUP BY channel, age_bucket, break_type, currency;

CREATE VIEW IF NOT EXISTS fees_monthly AS
SELECT
    toStartOfMonth(business_date) AS month,
    channel,
    fee_kind,
    settlement_currency AS currency,
    count() AS lines,
    sum(toDecimal128(fee_minor, 4) / intExp10(settlement_exponent)) AS fees
FROM settlement_records FINAL
ARRAY JOIN mapKeys(fees_minor) AS fee_kind, mapValues(fees_minor) AS fee_minor
GROUP BY month, channel, fee_kind, currency;

CREATE VIEW IF NOT EXISTS fraud_decisions_by_rule AS
SELECT
    toDate(event_time) AS day,
    channel,
    rule,
    decision,
    count() AS decisions,
    round(avg(score), 1) AS avg_score
FROM fraud_scores FINAL
ARRAY JOIN rules AS rule
GROUP BY day, channel, rule, decision
