package dev.recon.batch;

import dev.recon.batch.job.FileChecksums;
import dev.recon.batch.job.JobParams;
import dev.recon.batch.job.SettlementReconJobConfiguration;
import dev.recon.batch.store.OperationalStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Entry point of the nightly settlement reconciliation (Spring Boot executable jar). Takes exactly
 * the arguments of {@code ./recon batch} (DESIGN.md), which runs this jar with the same arguments:
 * <pre>
 *   --channel CHANNEL --date YYYY-MM-DD --settlement FILE [--settlement FILE ...] [--format FORMAT]
 *   --internal FILE_OR_JDBC_URL [--callbacks FILE] [--amount-tolerance X] [--bank-statement FILE ...] --out DIR
 * </pre>
 * Exit status: 0 success; 1 failure, with one line on stderr and no stack trace (missing file,
 * unknown format, wrong date, broken database...); 2 bad usage; 3 completed, results written, but
 * a control total did not tie so the day is not closed.
 *
 * <p>Configuration (environment or a config tree, never the command line): the operational
 * database ({@code SPRING_DATASOURCE_URL}/{@code _USERNAME}/{@code _PASSWORD}; default an H2 file
 * under {@code RECON_BATCH_HOME}, default {@code ~/.recon/batch}), the matching rules
 * ({@code RECON_CONFIG}=recon.yaml). One run at a time per batch home (a lock file).
 */
@SpringBootApplication
@Import(SettlementReconJobConfiguration.class)
public class BatchReconApplication {

    public static void main(String[] args) {
        System.exit(run(args, System.err, Map.of()));
    }

    /**
     * Runs one reconciliation and returns the exit status (tests call this; {@code main} exits with
     * it). {@code properties} are added to the Spring environment with the lowest precedence.
     */
    public static int run(String[] args, PrintStream err, Map<String, Object> properties) {
        BatchArguments arguments = new BatchArguments(err, properties);
        CommandLine cli = new CommandLine(arguments);
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("recon batch: " + oneLine(ex));
            return 1;
        });
        return cli.execute(args);
    }

    /** The job parameters for a command line (without running anything): the same as {@code run} would use. */
    public static JobParameters parametersFor(String... args) throws IOException {
        BatchArguments arguments = new BatchArguments(System.err, Map.of());
        new CommandLine(arguments).parseArgs(args);
        return arguments.jobParameters();
    }

    static String oneLine(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ReconInputException) {
                return c.getMessage();
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }

    /** The command line, the same options as the CLI's {@code batch} command. */
    @Command(name = "recon batch", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Reconcile a channel's business date against its settlement file(s) and our transactions.")
    static final class BatchArguments implements Callable<Integer> {

        @Mixin
        BatchDayOptions day = new BatchDayOptions();

        private final PrintStream err;
        private final Map<String, Object> properties;

        BatchArguments(PrintStream err, Map<String, Object> properties) {
            this.err = err;
            this.properties = properties;
        }

        @Override
        public Integer call() throws Exception {
            // The inputs are hashed while the context starts (the job parameters need their checksums
            // only to launch the job); every argument is still checked here, before anything starts.
            rejectCredentialsInUrl();
            Function<Path, String> checksums = FileChecksums.inBackground(inputFiles());
            Path home = batchHome();
            Files.createDirectories(home);
            try (FileChannel lockFile = FileChannel.open(home.resolve("run.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
                if (lock == null) {
                    throw new ReconInputException(home.resolve("run.lock") + ": another recon batch run is using this "
                            + "operational database; wait for it to finish");
                }
                SpringApplication app = new SpringApplication(BatchReconApplication.class);
                app.setDefaultProperties(properties);
                app.setRegisterShutdownHook(false);
                app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("progressStream", err));
                try (ConfigurableApplicationContext ctx = app.run()) {
                    JobParameters params = jobParameters(checksums);
                    ReconJobRunner runner = new ReconJobRunner(ctx.getBean(JobOperator.class),
                            ctx.getBean(JobRepository.class), ctx.getBean(Job.class), ctx.getBean(OperationalStore.class));
                    ReconJobRunner.Outcome outcome = runner.run(params);
                    err.println("recon batch: " + outcome.message());
                    return outcome.exitStatus();
                }
            }
        }

        private Path batchHome() {
            Object fromProps = properties.get("recon.batch.home");
            String env = System.getenv("RECON_BATCH_HOME");
            String home = fromProps != null ? fromProps.toString() : env != null && !env.isBlank() ? env
                    : System.getProperty("recon.batch.home", System.getProperty("user.home") + "/.recon/batch");
            return Path.of(home);
        }

        JobParameters jobParameters() throws IOException {
            rejectCredentialsInUrl();
            return jobParameters(FileChecksums::sha256);
        }

        private void rejectCredentialsInUrl() {
            String internal = day.internal;
            if (internal.startsWith("jdbc:") && internal.matches("(?i).*(password|pwd)=.*")) {
                throw new ReconInputException("--internal " + internal.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***")
                        + ": credentials do not go on the command line; set RECON_INTERNAL_JDBC_USER and "
                        + "RECON_INTERNAL_JDBC_PASSWORD (or RECON_INTERNAL_JDBC_PASSWORD_FILE) instead");
            }
        }

        /** Every input file, in the order they are checked (and their checksums taken). */
        private List<Path> inputFiles() {
            List<Path> files = new ArrayList<>(day.settlement);
            if (!day.internal.startsWith("jdbc:")) {
                files.add(Path.of(day.internal));
            }
            if (day.callbacks != null) {
                files.add(day.callbacks);
            }
            if (day.bankStatements != null) {
                files.addAll(day.bankStatements);
            }
            return files;
        }

        /** The job parameters, each input file's checksum from {@code checksum}. */
        private JobParameters jobParameters(Function<Path, String> checksum) {
            String internal = day.internal;
            boolean jdbc = internal.startsWith("jdbc:");
            List<String> sums = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Path f : day.settlement) {
                sums.add(checksum.apply(f));
                names.add(f.toAbsolutePath().normalize().toString());
            }
            // A database has no checksum: its URL is the identity (a re-run reads the same window again).
            String internalSum = jdbc ? FileChecksums.combine(List.of("jdbc", internal))
                    : checksum.apply(Path.of(internal));
            String internalName = jdbc ? internal : Path.of(internal).toAbsolutePath().normalize().toString();
            JobParametersBuilder b = new JobParametersBuilder()
                    .addString(JobParams.CHANNEL, day.channel)
                    .addString(JobParams.BUSINESS_DATE, day.date.toString())
                    .addString(JobParams.SETTLEMENT_FILES, String.join("\n", names), false)
                    .addString(JobParams.SETTLEMENT_CHECKSUM, FileChecksums.combine(sums))
                    .addString(JobParams.FORMAT, day.format)
                    .addString(JobParams.INTERNAL, internalName, false)
                    .addString(JobParams.INTERNAL_CHECKSUM, internalSum)
                    .addString(JobParams.OUT, day.out.toAbsolutePath().normalize().toString(), false);
            if (day.callbacks != null) {
                b.addString(JobParams.CALLBACKS, day.callbacks.toAbsolutePath().normalize().toString(), false);
                b.addString("callbacks.checksum", checksum.apply(day.callbacks));
            }
            if (day.bankStatements != null && !day.bankStatements.isEmpty()) {
                List<String> bankSums = new ArrayList<>();
                List<String> bankNames = new ArrayList<>();
                for (Path f : day.bankStatements) {
                    bankSums.add(checksum.apply(f));
                    bankNames.add(f.toAbsolutePath().normalize().toString());
                }
                b.addString(JobParams.BANK_STATEMENTS, String.join("\n", bankNames), false);
                b.addString(JobParams.BANK_CHECKSUM, FileChecksums.combine(bankSums));
            }
            if (day.amountTolerance != null) {
                b.addString(JobParams.AMOUNT_TOLERANCE, day.amountTolerance.toPlainString());
            }
            return b.toJobParameters();
        }
    }
}
