package dev.recon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon fraud}: fraud-rule tooling. */
@Command(name = "fraud", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Fraud rules tooling (backtest).",
        description = "Fraud rules tooling.",
        subcommands = FraudCommand.Backtest.class)
final class FraudCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'recon fraud backtest --help'");
    }

    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = "Score recorded payment events with a rules file, in event-time order, and write DIR/fraud.csv (one verdict per scored event, the same columns as the streaming job), DIR/rules.csv (hits per rule) and DIR/refused.csv (lines that are not payment events, with the reason).")
    static final class Backtest implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--rules", required = true, paramLabel = "RULES", description = "Versioned rules file (YAML or JSON).")
        Path rules;

        @Option(names = "--events", required = true, paramLabel = "EVENTS.jsonl", description = "payment-events, one JSON object per line.")
        Path events;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
        Path out;

        @Override
        public Integer call() throws java.io.IOException {
            var err = spec.commandLine().getErr();
            if (!java.nio.file.Files.isReadable(events)) {
                throw new IllegalArgumentException(events + ": no such file or not readable");
            }
            var ruleSet = dev.recon.fraud.FraudRuleSetLoader.load(rules);
            FraudBacktest.Summary summary = new FraudBacktest(ruleSet).run(events, out, err);
            err.println(summary.line());
            return ReconCommand.EXIT_OK;
        }
    }
}
