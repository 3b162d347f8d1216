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
    void commandNotBuiltYetSaysSoAndExitsTwo() {
        // the demo needs the stream, the batch and the sinks together
        assertThat(run("demo"))
                .isEqualTo(ReconCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("not built yet").contains("issue 7").contains("issue 6");
        assertThat(out.toString()).isEmpty();
    }
}
