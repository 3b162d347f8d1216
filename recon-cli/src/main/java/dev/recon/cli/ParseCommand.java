package dev.recon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon parse}: a settlement or statement file to canonical settlement records (CSV). */
@Command(name = "parse", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Parse a settlement or statement file into canonical settlement records.",
        description = "Parse a settlement or bank statement file into canonical settlement records (CSV on stdout or --out). --format auto detects the format from the content. A one-line summary goes to stderr. Exit status 1 with FILE:LINE: reason when the file is not of the format at all; 3 when its control totals do not tie.")
final class ParseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, description = "adyen, stripe, paypal-stl, paypal-trr, mt940, mt942, camt053, camt054, bai2, nacha, generic, canonical or auto.")
    String format;

    @Option(names = "--out", paramLabel = "OUT.csv", description = "Write the canonical CSV here instead of stdout.")
    Path out;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The file to parse; several parts of one report are read as one.")
    java.util.List<Path> files;

    @Override
    public Integer call() {
        return NotBuiltYet.report(spec.commandLine().getErr(), "parse",
                "the channel file parsers are tracked in issue 4");
    }
}
