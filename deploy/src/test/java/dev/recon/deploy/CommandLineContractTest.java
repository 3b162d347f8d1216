package dev.recon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.batch.BatchReconApplication;
import dev.recon.cli.ReconCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CLI validates {@code recon batch} and then hands the same arguments to the batch runtime,
 * which runs in its own JVM (and alone, from a Kubernetes CronJob). Both therefore declare the
 * options; this test keeps the two declarations the same contract, so neither can drift.
 */
class CommandLineContractTest {

    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z][a-z-]*)");

    @Test
    void batchRuntimeAcceptsExactlyTheOptionsOfTheCliBatchCommand() {
        CommandLine batch = new CommandLine(new ReconCommand()).getSubcommands().get("batch");
        Set<String> cli = batch.getCommandSpec().options().stream()
                .flatMap(o -> java.util.Arrays.stream(o.names()))
                .filter(n -> n.startsWith("--"))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> runtime = optionsInHelpOf(BatchReconApplication::run);

        assertThat(cli).contains("--channel", "--date", "--settlement", "--internal", "--out");
        assertThat(runtime).isEqualTo(cli);
    }

    @Test
    void batchRuntimeRequiresTheSameOptionsAsTheCli() {
        CommandLine batch = new CommandLine(new ReconCommand()).getSubcommands().get("batch");
        Set<String> required = batch.getCommandSpec().options().stream().filter(CommandLine.Model.OptionSpec::required)
                .map(CommandLine.Model.OptionSpec::longestName).collect(Collectors.toCollection(TreeSet::new));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BatchReconApplication.run(new String[0], new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(2);
        for (String option : required) {
            assertThat(message).as("the runtime also requires %s", option).contains(option);
        }
    }

    private interface Runtime {
        int run(String[] args, PrintStream err, Map<String, Object> properties);
    }

    /** Runs a runtime's --help with stdout captured (picocli prints help there) and lists its long options. */
    private static Set<String> optionsInHelpOf(Runtime runtime) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(help, true, StandardCharsets.UTF_8));
            int status = runtime.run(new String[] {"--help"}, new PrintStream(new ByteArrayOutputStream()), Map.of());
            assertThat(status).isZero();
        } finally {
            System.setOut(stdout);
        }
        Set<String> options = new TreeSet<>();
        Matcher m = OPTION.matcher(help.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            options.add(m.group(1));
        }
        return options;
    }
}
