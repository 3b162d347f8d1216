package dev.recon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon demo}: the main job on embedded defaults (DESIGN.md). */
@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Run the main job end to end on embedded defaults and write a report.",
        description = "Generate realistic payment traffic with injected discrepancies and fraud patterns, run the streaming job and the nightly batch, land the results in ClickHouse and Elasticsearch (local stand-ins when none is configured), print a summary and write DIR/report.html.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--payments", paramLabel = "N", defaultValue = "10000", description = "Payments to generate (default: ${DEFAULT-VALUE}).")
    long payments;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed, for repeatable traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        return NotBuiltYet.report(spec.commandLine().getErr(), "demo",
                "the demo needs the streaming job (issue 7), the batch job (issue 6) and the sinks (issue 5)");
    }
}
