package dev.recon.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon batch}: reconciles one channel's business date against its settlement files. */
@Command(name = "batch", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Reconcile one channel's business day against its settlement files.",
        description = "Reconcile a channel's business date D (in the channel's time zone) against its settlement file(s) and our transactions. Writes DIR/results.csv, summary.json, quarantine.csv and report.html. Running it again with the same inputs replaces the day's results, never adds. Credentials for a JDBC source come from the environment or a file, never the command line.")
final class BatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--channel", required = true, description = "Channel name as configured (adyen, stripe, ...).")
    String channel;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Business date to reconcile.")
    LocalDate date;

    @Option(names = "--settlement", required = true, paramLabel = "FILE", description = "Settlement file; repeat for a report split into parts.")
    List<Path> settlement;

    @Option(names = "--format", defaultValue = "auto", description = "Settlement format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--internal", required = true, paramLabel = "FILE_OR_JDBC_URL", description = "Canonical internal transactions CSV, or a JDBC URL.")
    String internal;

    @Option(names = "--callbacks", paramLabel = "FILE", description = "Channel callbacks (JSONL), as a third leg.")
    Path callbacks;

    @Option(names = "--amount-tolerance", paramLabel = "X", description = "Absolute tolerance in major units of each transaction's currency.")
    BigDecimal amountTolerance;

    @Option(names = "--bank-statement", paramLabel = "FILE", description = "Bank statement (MT940, camt.053 or BAI2): "
            + "each payout batch of the settlement file is reconciled against its bank credit; repeat for several.")
    List<Path> bankStatements;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() {
        // Options were validated here (for --help and exit status 2); the job runs in its own JVM.
        List<String> args = RuntimeLauncher.argumentsOf(spec);
        RuntimeLauncher launcher = RuntimeLauncher.fromEnvironment();
        return launcher.runJar(launcher.batchJar(), args);
    }
}
