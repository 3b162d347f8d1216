package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReconCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ReconCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsEveryCommandOfTheContract() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "parse", "batch", "stream", "fraud").contains("Exit status");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String[] cmd : new String[][] {{"demo"}, {"parse"}, {"batch"}, {"stream"}, {"fraud"}, {"fraud", "backtest"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            assertThat(run(args)).as(String.join(" ", args)).isZero();
        }
        assertThat(out.toString()).contains("--payments", "--settlement", "--amount-tolerance", "--rules", "--format");
    }

    @Test
    void unknownOptionIsBadUsage() {
        assertThat(run("demo", "--no-such-option")).isEqualTo(ReconCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option");
    }

    @Test
    void missingRequiredOptionIsBadUsageNamingTheOption() {
        assertThat(run("stream", "--payments", "p.jsonl")).isEqualTo(ReconCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--callbacks");
    }

    @Test
    void wrongDateIsBadUsageNotAStackTrace() {
        assertThat(run("batch", "--channel", "adyen", "--date", "2026-13-45", "--settlement", "f.csv",
                "--internal", "i.csv", "--out", "o")).isEqualTo(ReconCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--date").doesNotContain("\tat ");
    }

    @Test
    void batchChecksTheJobsOwnOptionsBeforeStartingItsJvm() {
        // the same declaration as the batch jar's (BatchDayOptions): its wording, its refusals
        assertThat(run("batch", "--help")).isZero();
        assertThat(out.toString()).contains("Canonical internal transactions CSV, or a JDBC URL.");
        assertThat(run("batch", "--channel", "adyen", "--date", "2026-02-30", "--settlement", "f.csv",
                "--internal", "i.csv", "--out", "o")).isEqualTo(ReconCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("'2026-02-30' is not a calendar date in YYYY-MM-DD form");
        assertThat(run("batch", "--channel", "adyen", "--date", "2026-02-28", "--amount-tolerance", "-1",
                "--settlement", "f.csv", "--internal", "i.csv", "--out", "o")).isEqualTo(ReconCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("must not be negative, was -1").doesNotContain("\tat ");
    }

    @Test
    void demoRefusesTooFewPaymentsBeforeDoingAnything(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // fewer than 100 payments cannot hold one of every injected discrepancy
        assertThat(run("demo", "--payments", "5", "--out", dir.resolve("demo").toString()))
                .isEqualTo(ReconCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--payments must be at least 100").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve("demo")).doesNotExist();
    }

    /**
     * A command line that starts with a subcommand builds that subcommand alone (for a shorter start);
     * its help, errors and exit status must be those of the whole model, for every subcommand.
     */
    @Test
    void aSubcommandAloneAnswersAsTheWholeModel() {
        String[][] cases = {
            {"demo", "--help"}, {"demo", "--no-such-option"}, {"demo", "-V"}, {"parse", "--help"},
            {"parse", "--format"}, {"batch", "--help"}, {"batch", "--channel", "adyen", "--date", "2026-02-30",
                "--settlement", "f.csv", "--internal", "i.csv", "--out", "o"}, {"stream", "--help"},
            {"stream", "--payments", "p.jsonl"}, {"stream", "--version"}, {"stream", "extra"}, {"fraud"},
            {"fraud", "--help"}, {"fraud", "backtest", "--help"}, {"fraud", "backtest"}, {"fraud", "nope"}};
        for (String[] args : cases) {
            assertThat(ReconCommand.commandLine(args).getCommandSpec().userObject())
                    .as("built alone: %s", String.join(" ", args)).isInstanceOf(ReconCommand.Root.class);
            StringWriter aloneOut = new StringWriter();
            StringWriter aloneErr = new StringWriter();
            int alone = ReconCommand.execute(ReconCommand.commandLine(args), args, new PrintWriter(aloneOut, true),
                    new PrintWriter(aloneErr, true));
            StringWriter wholeOut = new StringWriter();
            StringWriter wholeErr = new StringWriter();
            int whole = ReconCommand.execute(new picocli.CommandLine(new ReconCommand()), args,
                    new PrintWriter(wholeOut, true), new PrintWriter(wholeErr, true));
            assertThat(alone).as(String.join(" ", args)).isEqualTo(whole);
            assertThat(aloneOut.toString()).as(String.join(" ", args)).isEqualTo(wholeOut.toString());
            assertThat(aloneErr.toString()).as(String.join(" ", args)).isEqualTo(wholeErr.toString());
        }
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "stream"}, {"strem"}, {"-V"}}) {
            assertThat(ReconCommand.commandLine(args).getCommandSpec().userObject()).isInstanceOf(ReconCommand.class);
        }
    }

    @Test
    void everySubcommandCanBeBuiltAlone() {
        assertThat(ReconCommand.SUBCOMMANDS.keySet()).containsExactlyInAnyOrderElementsOf(
                new picocli.CommandLine(new ReconCommand()).getSubcommands().keySet().stream()
                        .filter(name -> !name.equals("help")).toList());
    }
}
