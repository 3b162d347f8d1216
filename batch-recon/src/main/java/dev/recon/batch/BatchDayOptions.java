package dev.recon.batch;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of one settlement day's reconciliation (DESIGN.md, {@code ./recon batch}), declared
 * once as a picocli mixin: the batch job's own command line ({@link BatchReconApplication}, what a
 * CronJob runs) and the CLI's {@code recon batch}, which checks them before it starts the job's JVM,
 * both use this class, so the two cannot drift apart. It needs nothing but picocli and the JDK, so the
 * CLI can take it without taking Spring.
 *
 * <p>A value that cannot be right (a date that is not on the calendar, a negative tolerance) is bad
 * usage, exit status 2, refused before any file is read.
 */
public final class BatchDayOptions {

    @Option(names = "--channel", required = true, description = "Channel name as configured (adyen, stripe, ...).")
    public String channel;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = BusinessDate.class,
            description = "Business date to reconcile.")
    public LocalDate date;

    @Option(names = "--settlement", required = true, paramLabel = "FILE",
            description = "Settlement file; repeat for a report split into parts.")
    public List<Path> settlement;

    @Option(names = "--format", defaultValue = "auto", description = "Settlement format (default: ${DEFAULT-VALUE}).")
    public String format;

    @Option(names = "--internal", required = true, paramLabel = "FILE_OR_JDBC_URL",
            description = "Canonical internal transactions CSV, or a JDBC URL.")
    public String internal;

    @Option(names = "--callbacks", paramLabel = "FILE", description = "Channel callbacks (JSONL), as a third leg.")
    public Path callbacks;

    @Option(names = "--amount-tolerance", paramLabel = "X", converter = Tolerance.class,
            description = "Absolute tolerance in major units of each transaction's currency.")
    public BigDecimal amountTolerance;

    @Option(names = "--bank-statement", paramLabel = "FILE", description = "Bank statement (MT940, camt.053 or BAI2): "
            + "each payout batch of the settlement file is reconciled against its bank credit; repeat for several.")
    public List<Path> bankStatements;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    public Path out;

    /** {@code --date}: a day on the calendar, ISO form (2026-02-30 is refused, not moved to March). */
    static final class BusinessDate implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a calendar date in YYYY-MM-DD form");
            }
        }
    }

    /** {@code --amount-tolerance}: a non-negative decimal amount (major units, never a double). */
    static final class Tolerance implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            BigDecimal tolerance;
            try {
                tolerance = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a decimal amount (for example 0.01)");
            }
            if (tolerance.signum() < 0) {
                throw new TypeConversionException("must not be negative, was " + tolerance.toPlainString());
            }
            return tolerance;
        }
    }
}
