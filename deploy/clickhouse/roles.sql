-- Roles for the recon ClickHouse database (default name `recon`; replace it if you configured
-- RECON_CLICKHOUSE_DATABASE differently). Apply as an administrator after the first start of a
-- job (the jobs create the tables through their migrations):
--     clickhouse-client --multiquery < deploy/clickhouse/roles.sql
-- Every statement is idempotent. Users are created by your identity tooling, with passwords that
-- never live in this repository; see the examples at the end.

-- Analysts, Grafana, DBeaver: read results, views and reference data; never write; never see card
-- features (BIN, last 4, fingerprint), device or IP data, or the raw text of quarantined lines.
CREATE ROLE IF NOT EXISTS recon_analyst;

GRANT SELECT ON recon.recon_results TO recon_analyst;
GRANT SELECT ON recon.recon_results_current TO recon_analyst;
GRANT SELECT ON recon.daily_match_rate TO recon_analyst;
GRANT SELECT ON recon.break_amounts_daily TO recon_analyst;
GRANT SELECT ON recon.open_breaks_by_age TO recon_analyst;
GRANT SELECT ON recon.fees_monthly TO recon_analyst;
GRANT SELECT ON recon.fraud_decisions_by_rule TO recon_analyst;
GRANT SELECT ON recon.settlement_records TO recon_analyst;
GRANT SELECT ON recon.channel_callbacks TO recon_analyst;
GRANT SELECT ON recon.fraud_scores TO recon_analyst;
GRANT SELECT ON recon.schema_migrations TO recon_analyst;
-- column-level: everything but card, device, IP and customer features
GRANT SELECT(event_id, transaction_id, payment_id, parent_payment_id, merchant_id, account_id, channel, channel_ref,
             type, status, amount_minor, currency, currency_exponent, event_time, card_country, ip_country, source)
    ON recon.payment_events TO recon_analyst;
GRANT SELECT(source, source_line, kind, channel, business_date, field, reason, quarantined_at)
    ON recon.quarantine TO recon_analyst;

-- Read-only at the session level too, with limits so one query cannot starve the jobs' inserts.
CREATE SETTINGS PROFILE IF NOT EXISTS recon_analyst_profile
    SETTINGS readonly = 1, max_execution_time = 300, max_result_rows = 10000000, max_memory_usage = 8000000000
    TO recon_analyst;

-- The jobs (streaming sink, batch): run the migrations and insert; no DROP, no user management.
CREATE ROLE IF NOT EXISTS recon_writer;
GRANT CREATE DATABASE ON recon.* TO recon_writer;
GRANT CREATE TABLE, CREATE VIEW ON recon.* TO recon_writer;
GRANT SELECT, INSERT ON recon.* TO recon_writer;

-- Examples (run with your own secrets; a sha256 hash keeps the password out of query logs):
--   CREATE USER IF NOT EXISTS grafana IDENTIFIED WITH sha256_hash BY '<sha256 hex of the password>'
--       DEFAULT ROLE recon_analyst;
--   GRANT recon_analyst TO grafana;
--   CREATE USER IF NOT EXISTS recon_jobs IDENTIFIED WITH sha256_hash BY '<sha256 hex>' DEFAULT ROLE recon_writer;
--   GRANT recon_writer TO recon_jobs;
