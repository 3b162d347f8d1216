package dev.recon.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code recon} command line (contract: DESIGN.md "Command line"). Exit status: 0 success,
 * 1 failure (one clear line, no stack trace), 2 bad usage, 3 completed but a file's control totals
 * did not tie. Progress goes to stderr; results never do.
 *
 * <p>The Flink and Spring Batch runtimes are started as child JVMs with their own classpaths (see
 * {@link RuntimeLauncher}), so their dependency sets never meet in this process.
 */
@Command(name = "recon",
        mixinStandardHelpOptions = true,
        versionProvider = ReconCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {"Payment reconciliation and analytics: proves that our transactions, the channels'"
            + " callbacks, their settlement files and the bank statements agree.", ""},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  success",
            "  1  failure (the reason is printed on one line)",
            "  2  bad usage, or a command that is not built yet",
            "  3  completed, but a file's control totals did not tie (results written, day not closed)",
            "",
            "Run 'recon COMMAND --help' for the options of a command."},
        subcommands = {
            DemoCommand.class,
            ParseCommand.class,
            BatchCommand.class,
            StreamCommand.class,
            FraudCommand.class,
            CommandLine.HelpCommand.class})
public final class ReconCommand implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONTROL_TOTALS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // 'recon' alone: show what there is to do rather than fail.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit status; used by main and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(commandLine(args), args, out, err);
    }

    /** As {@link #execute(String[], PrintWriter, PrintWriter)} on the given command line (tests compare the two models). */
    static int execute(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // A user gets one line that says what went wrong; the stack trace only on request.
            commandLine.getErr().println("recon " + commandLine.getCommandName() + ": " + describe(ex));
            if (System.getenv("RECON_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set RECON_DEBUG=1 for the stack trace)");
            }
            return ex instanceof UsageFailure ? EXIT_USAGE : EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name (other than
     * {@code help}, which needs them all), a root with that subcommand alone; else the whole model.
     * Why: picocli reflects over every subcommand's options when it builds the model, 0.25 s of the
     * CLI JVM's 0.5 CPU-s before {@code ./recon stream} starts its job JVM (docs/benchmarks.md,
     * "streaming-recon file mode, session 10"); a run needs only its own. The root keeps the name,
     * the help options and the version of {@link ReconCommand}, so the subcommand's usage, errors
     * and exit status are those of the whole model ({@code ReconCommandTest} compares them).
     */
    static CommandLine commandLine(String[] args) {
        Class<?> invoked = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
        if (invoked == null) {
            return new CommandLine(new ReconCommand());
        }
        CommandLine root = new CommandLine(new Root());
        root.addSubcommand(invoked);
        return root;
    }

    /**
     * The subcommands by name, read from the {@code @Command} annotation above (picocli's help command
     * aside, which needs the whole model), so that a subcommand added there is found here too. Reading
     * the annotations costs nothing like building the model.
     */
    static final java.util.Map<String, Class<?>> SUBCOMMANDS = java.util.Arrays
            .stream(ReconCommand.class.getAnnotation(Command.class).subcommands())
            .filter(c -> c != CommandLine.HelpCommand.class)
            .collect(java.util.stream.Collectors.toUnmodifiableMap(c -> c.getAnnotation(Command.class).name(),
                    c -> c));

    /** {@code recon} as the root of one subcommand: ReconCommand's attributes without the other subcommands. */
    @Command(name = "recon", mixinStandardHelpOptions = true, versionProvider = ReconCommand.Version.class,
            usageHelpAutoWidth = true)
    static final class Root implements Runnable {
        @Override
        public void run() {
            // Never runs: this root is only built when a subcommand comes first.
        }
    }

    private static String describe(Throwable ex) {
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }

    /** A failure that is the caller's fault (exit status 2), raised after parsing succeeded. */
    public static final class UsageFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageFailure(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ReconCommand.class.getPackage().getImplementationVersion();
            return new String[] {"recon " + (v == null ? "development build" : v)};
        }
    }
}
