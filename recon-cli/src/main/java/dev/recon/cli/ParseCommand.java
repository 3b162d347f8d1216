package dev.recon.cli;

import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseCommandRunner;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon parse}: a settlement or statement file to canonical settlement records (CSV). */
@Command(name = "parse", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Parse a settlement or statement file into canonical settlement records.",
        description = "Parse a settlement or bank statement file into canonical settlement records (CSV on"
                + " stdout or --out). --format auto detects the format from the content. A one-line summary"
                + " goes to stderr. Exit status 1 with FILE:LINE: reason when the file is not of the format at"
                + " all; 3 when its control totals do not tie (records are still written).")
final class ParseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, description = "adyen, stripe, paypal-stl, paypal-trr, mt940, mt942,"
            + " camt053, camt054, bai2, nacha, generic, canonical or auto.")
    String format;

    @Option(names = "--out", paramLabel = "OUT.csv", description = "Write the canonical CSV here instead of stdout.")
    Path out;

    @Option(names = "--quarantine", paramLabel = "FILE.csv", description = "Write rejected rows (file, line, field, reason) here.")
    Path quarantine;

    @Option(names = "--channel", description = "Channel name to put on every record (default: the format's own).")
    String channel;

    @Option(names = "--mapping", paramLabel = "MAPPING", description = "Column mapping file, required for --format generic.")
    Path mapping;

    @Option(names = "--charset", defaultValue = "UTF-8", description = "Encoding when the file has no BOM (default: ${DEFAULT-VALUE}; e.g. windows-1252).")
    Charset charset;

    @Option(names = "--zone", defaultValue = "UTC", description = "Time zone for local times in the file (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The file to parse; several parts of one report are read as one.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(file + ": no such file or not readable");
            }
        }
        ParseOptions options = ParseOptions.defaults().withCharset(charset).withZone(zone).withChannel(channel)
                .withMapping(mapping);
        List<InputSource> inputs = files.stream().map(InputSource::of).toList();
        try (Writer csv = open(out); Writer rejected = quarantine == null ? null : open(quarantine)) {
            ParseCommandRunner.Outcome outcome = ParseCommandRunner.run(format, inputs, options, csv, rejected);
            spec.commandLine().getErr().println(outcome.summary());
            return outcome.exitStatus();
        } catch (ParseException e) {
            // FILE:LINE: reason, as the contract says; the partial output is not a result.
            spec.commandLine().getErr().println(e.getMessage());
            return ReconCommand.EXIT_FAILURE;
        } catch (IllegalArgumentException e) {
            throw new ReconCommand.UsageFailure(e.getMessage());
        }
    }

    private static Writer open(Path path) throws IOException {
        if (path == null) {
            // stdout is the result channel: never closed by us, only flushed
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }
}
