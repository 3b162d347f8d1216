package dev.recon.cli;

import dev.recon.batch.BatchDayOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon batch}: reconciles one channel's business date against its settlement files. */
@Command(name = "batch", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Reconcile one channel's business day against its settlement files.",
        description = "Reconcile a channel's business date D (in the channel's time zone) against its settlement file(s) and our transactions. Writes DIR/results.csv, summary.json, quarantine.csv and report.html. Running it again with the same inputs replaces the day's results, never adds. Credentials for a JDBC source come from the environment or a file, never the command line.")
final class BatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The job's own options: declared once, in batch-recon, so the CLI and the job's jar cannot drift apart. */
    @Mixin
    BatchDayOptions day = new BatchDayOptions();

    @Override
    public Integer call() {
        // Options were validated here (for --help and exit status 2); the job runs in its own JVM.
        List<String> args = RuntimeLauncher.argumentsOf(spec);
        RuntimeLauncher launcher = RuntimeLauncher.fromEnvironment();
        return launcher.runJar(launcher.batchJar(), args);
    }
}
