-- V001: the tables every job writes. recon_results is ordered by (channel, business_date,
-- recon_id): ReplacingMergeTree collapses rows with equal sorting keys, so the key must identify
-- the result and stay the same across its versions; status changes between versions and is
-- therefore a skip index, not part of the key. Rules for every migration file:
--  * each statement is idempotent (IF NOT EXISTS), because a migration interrupted half-way is
--    re-run from its first statement at the next start;
--  * a file is never edited after release (its checksum is recorded); change things in a new file.
--  * money is Int64 minor units + ISO 4217 currency + the currency's exponent; never Float.
--  * times are DateTime64(3, 'UTC'); business dates are Date in the channel's time zone.
--  * non_replicated_deduplication_window lets a retried insert with the same
--    insert_deduplication_token be dropped by the server (the writer sends one per batch).

CREATE TABLE IF NOT EXISTS recon_results
(
    recon_id            String,
    version             UInt64,
    is_deleted          UInt8,
    mode                LowCardinality(String),
    channel             LowCardinality(String),
    business_date       Date,
    status              LowCardinality(String),
    break_type          LowCardinality(String),
    type                LowCardinality(String),
    merchant_id         String,
    payment_id          String,
    transaction_id      String,
    channel_ref         String,
    internal_status     LowCardinality(String),
    channel_status      LowCardinality(String),
    currency            LowCardinality(String),
    currency_exponent   UInt8,
    internal_amount_minor Nullable(Int64),
    channel_amount_minor  Nullable(Int64),
    difference_minor      Nullable(Int64),
    settlement_currency LowCardinality(String),
    gross_minor         Nullable(Int64),   -- transaction currency, like the amounts above
    fee_minor           Nullable(Int64),
    net_minor           Nullable(Int64),
    fx_rate             Nullable(Decimal(18, 8)),
    payout_batch        String,
    match_group_id      String,
    age_days            Int32,
    rule                LowCardinality(String),
    detail              String,
    source              String,
    config_version      LowCardinality(String),
    fraud_score         Nullable(UInt16),
    decided_at          DateTime64(3, 'UTC'),
    expected_date       Nullable(Date),
    near_miss           String,
    INDEX idx_status status TYPE set(8) GRANULARITY 4,
    INDEX idx_payment_id payment_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_channel_ref channel_ref TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(version, is_deleted)
PARTITION BY toYYYYMM(business_date)
ORDER BY (channel, business_date, recon_id)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS payment_events
(
    event_id            String,
    transaction_id      String,
    payment_id          String,
    parent_payment_id   String,
    merchant_id         String,
    account_id          String,
    channel             LowCardinality(String),
    channel_ref         String,
    type                LowCardinality(String),
    status              LowCardinality(String),
    amount_minor        Int64,
    currency            LowCardinality(String),
    currency_exponent   UInt8,
    event_time          DateTime64(3, 'UTC'),
    customer_id         String,
    card_fingerprint    String,
    card_bin            LowCardinality(String),
    card_last4          String,
    card_country        LowCardinality(String),
    device_id           String,
    ip                  String,
    ip_country          LowCardinality(String),
    source              String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (channel, toDate(event_time), event_id)
TTL toDateTime(event_time) + INTERVAL 25 MONTH
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS channel_callbacks
(
    callback_id          String,
    channel              LowCardinality(String),
    channel_ref          String,
    original_channel_ref String,
    payment_id           String,
    status               LowCardinality(String),
    success              UInt8,
    reason               String,
    amount_minor         Nullable(Int64),
    currency             LowCardinality(String),
    currency_exponent    UInt8,
    event_time           DateTime64(3, 'UTC'),
    source               String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (channel, toDate(event_time), callback_id)
TTL toDateTime(event_time) + INTERVAL 25 MONTH
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS settlement_records
(
    record_key          String,
    version             UInt64,
    channel             LowCardinality(String),
    business_date       Date,
    record_type         LowCardinality(String),
    category            LowCardinality(String),
    channel_ref         String,
    modification_ref    String,
    merchant_ref        String,
    merchant_account    LowCardinality(String),
    gross_minor         Nullable(Int64),
    gross_currency      LowCardinality(String),
    gross_exponent      UInt8,
    net_minor           Int64,
    settlement_currency LowCardinality(String),
    settlement_exponent UInt8,
    fees_minor          Map(LowCardinality(String), Int64),
    fx_rate             Nullable(Decimal(18, 8)),
    booking_date        Date,
    event_time          Nullable(DateTime64(3, 'UTC')),
    value_date          Nullable(Date),
    payout_batch        String,
    description         String,
    source_file         String,
    source_line         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(business_date)
ORDER BY (channel, business_date, record_key)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS fraud_scores
(
    score_id            String,
    version             UInt64,
    event_id            String,
    payment_id          String,
    merchant_id         String,
    channel             LowCardinality(String),
    score               UInt16,
    decision            LowCardinality(String),
    rules               Array(LowCardinality(String)),
    reasons             Array(String),
    rules_version       LowCardinality(String),
    event_time          DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(event_time)
ORDER BY (toDate(event_time), channel, score_id)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS quarantine
(
    source              String,
    source_line         UInt64,
    kind                LowCardinality(String),
    channel             LowCardinality(String),
    business_date       Date,
    field               String,
    reason              String,
    raw_masked          String,
    quarantined_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (channel, business_date, source, source_line)
TTL business_date + INTERVAL 400 DAY
SETTINGS non_replicated_deduplication_window = 1000
