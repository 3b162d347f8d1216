package dev.recon.batch.job;

/**
 * Names of the settlement job's parameters. Identifying: everything that changes the day's
 * results (channel, date, the files' checksums, format, tolerance) plus {@code run}, which the
 * runner raises only when the same inputs are reconciled again after a completed run (a restart of
 * a failed or killed run keeps the same instance). {@code out} is not identifying: writing the same
 * day to another folder is the same reconciliation.
 */
public final class JobParams {

    public static final String CHANNEL = "channel";
    public static final String BUSINESS_DATE = "business.date";
    /** Settlement files, one path per line, in the order given. */
    public static final String SETTLEMENT_FILES = "settlement.files";
    /** SHA-256 over the files' own SHA-256s, in order: the same bytes under another name are the same input. */
    public static final String SETTLEMENT_CHECKSUM = "settlement.checksum";
    public static final String FORMAT = "format";
    public static final String INTERNAL = "internal";
    public static final String INTERNAL_CHECKSUM = "internal.checksum";
    public static final String CALLBACKS = "callbacks";
    public static final String AMOUNT_TOLERANCE = "amount.tolerance";
    /** Bank statements (MT940, camt.053, BAI2), one path per line: step 4b, payouts against bank credits. */
    public static final String BANK_STATEMENTS = "bank.statements";
    /** SHA-256 over the statements' own SHA-256s, in order (identifying). */
    public static final String BANK_CHECKSUM = "bank.checksum";
    public static final String RUN = "run";
    public static final String OUT = "out";

    /** Job execution context keys. */
    public static final String CTX_FORMAT = "resolved.format";
    public static final String CTX_PARSE_SUMMARY = "parse.summary";
    public static final String CTX_DUPLICATE_FILES = "duplicate.files";
    public static final String CTX_VERSION = "result.version";

    private JobParams() {
    }
}
