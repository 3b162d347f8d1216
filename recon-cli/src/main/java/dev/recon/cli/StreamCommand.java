package dev.recon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon stream}: the streaming job's graph on bounded JSONL files. */
@Command(name = "stream", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Run the streaming reconciliation on bounded JSONL files.",
        description = "Run the streaming reconciliation graph on bounded files. The files are the complete input: at end of input every open item is decided as if its timeout had passed. Writes DIR/results.csv (same columns as batch) and DIR/fraud.csv.")
final class StreamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--payments", required = true, paramLabel = "EVENTS.jsonl", description = "payment-events, one JSON object per line.")
    Path payments;

    @Option(names = "--callbacks", required = true, paramLabel = "CALLBACKS.jsonl", description = "channel-callbacks, one JSON object per line.")
    Path callbacks;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--recon-config", paramLabel = "RECON.yaml", description = "Channel configuration (tolerances, timeouts, calendars).")
    Path reconConfig;

    @Option(names = "--fraud-rules", paramLabel = "RULES", description = "Fraud rules file (default: the shipped rule set).")
    Path fraudRules;

    @Option(names = "--callback-timeouts", paramLabel = "CH=DURATION,...", description = "Per-channel callback timeouts, e.g. adyen=PT10M.")
    String callbackTimeouts;

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: the number of cores).")
    Integer parallelism;

    @Override
    public Integer call() {
        // Validated here; the Flink graph runs in its own JVM with Flink's classpath.
        return RuntimeLauncher.fromEnvironment().runStreamMain("dev.recon.stream.file.FileReconJob",
                RuntimeLauncher.argumentsOf(spec), java.util.List.of(payments, callbacks));
    }
}
