-- batch-recon's own tables in the operational database (H2 and PostgreSQL). Idempotent DDL.
-- Files seen, for duplicate-file detection: the same checksum reconciled for another day is reported.
CREATE TABLE IF NOT EXISTS recon_file (
    checksum VARCHAR(64) NOT NULL,
    channel VARCHAR(100) NOT NULL,
    business_date DATE NOT NULL,
    file_name VARCHAR(2000) NOT NULL,
    PRIMARY KEY (checksum, channel, business_date));
-- One row per distinct set of input files reconciled for a day: its ordinal makes the result version.
CREATE TABLE IF NOT EXISTS recon_day_input (
    channel VARCHAR(100) NOT NULL,
    business_date DATE NOT NULL,
    inputs_checksum VARCHAR(64) NOT NULL,
    ordinal INT NOT NULL,
    PRIMARY KEY (channel, business_date, inputs_checksum));
-- Staged rows live in files under the batch home (one folder per job instance); only quarantined rows
-- (few, and read by publishing) are staged here. The tables of the database-staged version go.
DROP TABLE IF EXISTS recon_staged_settlement;
DROP TABLE IF EXISTS recon_staged_internal;
CREATE TABLE IF NOT EXISTS recon_staged_quarantine (
    instance_id BIGINT NOT NULL,
    side VARCHAR(10) NOT NULL,
    seq BIGINT NOT NULL,
    file_name VARCHAR(2000) NOT NULL,
    line BIGINT NOT NULL,
    field VARCHAR(200),
    reason VARCHAR(4000),
    raw_line VARCHAR(60000),
    PRIMARY KEY (instance_id, side, seq));
-- The latest version of every result that is not MATCHED (breaks, pending items, and every payout row); a
-- re-run replaces, a later day's resolution supersedes. Matched results are kept as ids: recon_day_matched.
CREATE TABLE IF NOT EXISTS recon_result (
    recon_id VARCHAR(64) NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL,
    channel VARCHAR(100) NOT NULL,
    business_date DATE NOT NULL,
    status VARCHAR(10) NOT NULL,
    break_type VARCHAR(30),
    csv_line VARCHAR(60000) NOT NULL);
-- The day's rows in recon_id order straight from the index: publishing reads them so, without a sort of the
-- whole day (on H2 a sort of a million rows spills to temporary files). Replaces the (channel, business_date) index.
CREATE INDEX IF NOT EXISTS recon_result_day_id ON recon_result (channel, business_date, recon_id);
DROP INDEX IF EXISTS recon_result_day;
-- The outcome of a day: summary (JSON) and whether the day is closed (control totals tied, counts balanced).
CREATE TABLE IF NOT EXISTS recon_day (
    channel VARCHAR(100) NOT NULL,
    business_date DATE NOT NULL,
    version BIGINT NOT NULL,
    closed BOOLEAN NOT NULL,
    summary_json VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (channel, business_date));
-- Items a day left open (PENDING, MISSING_IN_CHANNEL, MISSING_INTERNAL), carried into the next day's
-- match: as_of_date is the day whose results left them open, so re-running a day reads the same
-- state again. side INTERNAL holds the ledger entry's columns, SETTLEMENT the canonical settlement line.
CREATE TABLE IF NOT EXISTS recon_open_item (
    channel VARCHAR(100) NOT NULL,
    as_of_date DATE NOT NULL,
    side VARCHAR(10) NOT NULL,
    item_key VARCHAR(600) NOT NULL,
    transaction_id VARCHAR(200),
    payment_id VARCHAR(200),
    parent_payment_id VARCHAR(200),
    merchant_id VARCHAR(200),
    merchant_account VARCHAR(200),
    channel_ref VARCHAR(200),
    parent_channel_ref VARCHAR(200),
    tx_type VARCHAR(20),
    tx_status VARCHAR(20),
    amount_minor BIGINT,
    currency VARCHAR(3),
    created_at VARCHAR(40),
    booked_at VARCHAR(40),
    source_file VARCHAR(2000),
    source_line BIGINT,
    canonical_line VARCHAR(60000),
    PRIMARY KEY (channel, as_of_date, side, item_key));
-- The recon_ids a day decided MATCHED, packed (16 bytes each, parts of 32,768): what "decided on an earlier
-- day" looks up, without a row per matched payment. version as in recon_result; a re-run replaces the day's.
CREATE TABLE IF NOT EXISTS recon_day_matched (
    channel VARCHAR(100) NOT NULL,
    business_date DATE NOT NULL,
    version BIGINT NOT NULL,
    part INT NOT NULL,
    ids BYTEA NOT NULL,
    PRIMARY KEY (channel, business_date, version, part));
