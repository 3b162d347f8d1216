package dev.recon.batch.job;

import dev.recon.batch.ReconInputException;
import dev.recon.batch.store.OperationalStore;
import dev.recon.core.config.ReconConfig;
import dev.recon.parsers.FormatDetector;
import dev.recon.parsers.Formats;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The validate step: every input exists and is readable, its checksum is still the one the run was
 * started with (a file replaced under the same name is a different input), the format is known
 * (or detected from the content for "auto"), and the business date is not in the future in the
 * channel's zone. Duplicate files: the same bytes given twice stop the run; a file already
 * reconciled for another day or channel is reported (stderr and summary.json), not refused, since
 * an operator may do that on purpose. Also fixes the result version for the day (business date
 * and the ordinal of this set of inputs) and clears any staging left by an earlier attempt.
 */
public final class ValidateInputsTasklet implements Tasklet {

    private final OperationalStore store;
    private final StagingArea staging;
    private final ReconConfig config;
    private final PrintStream err;

    public ValidateInputsTasklet(OperationalStore store, StagingArea staging, ReconConfig config, PrintStream err) {
        this.store = store;
        this.staging = staging;
        this.config = config;
        this.err = err;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        var params = jobExecution.getJobParameters();
        ExecutionContext ctx = jobExecution.getExecutionContext();
        String channel = params.getString(JobParams.CHANNEL);
        LocalDate date = LocalDate.parse(params.getString(JobParams.BUSINESS_DATE));
        var calendar = config.channel(channel).calendar();
        LocalDate today = LocalDate.now(calendar.zone());
        if (date.isAfter(today)) {
            throw new ReconInputException("--date " + date + " is in the future (today is " + today + " in "
                    + calendar.zone() + "): a settlement day can only be reconciled once it has ended");
        }
        List<Path> files = settlementFiles(params.getString(JobParams.SETTLEMENT_FILES));
        List<String> sums = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path f : files) {
            String sum = FileChecksums.sha256(f);
            Path before = seen.putIfAbsent(sum, f);
            if (before != null) {
                throw new ReconInputException(f + ": the same file as " + before + " (SHA-256 " + sum.substring(0, 12)
                        + "...): give each settlement file once");
            }
            sums.add(sum);
        }
        if (!FileChecksums.combine(sums).equals(params.getString(JobParams.SETTLEMENT_CHECKSUM))) {
            throw new ReconInputException(String.join(", ", files.stream().map(Path::toString).toList())
                    + ": changed since this run was started (checksum differs); start the run again");
        }
        String format = resolveFormat(params.getString(JobParams.FORMAT), files.get(0), channel);
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            for (String use : store.earlierUses(sums.get(i), channel, date)) {
                String msg = files.get(i) + ": the same file (SHA-256 " + sums.get(i).substring(0, 12)
                        + "...) was already reconciled for " + use;
                duplicates.add(msg);
                err.println("recon batch: warning: " + msg);
            }
            store.rememberFile(sums.get(i), channel, date, files.get(i).toString());
        }
        List<String> inputParts = new ArrayList<>(List.of(params.getString(JobParams.SETTLEMENT_CHECKSUM),
                String.valueOf(params.getString(JobParams.INTERNAL_CHECKSUM)),
                String.valueOf(params.getString(JobParams.AMOUNT_TOLERANCE)), config.version()));
        if (params.getString(JobParams.BANK_CHECKSUM) != null) {
            // Another bank statement for the same day is another set of inputs: a new version of the payout rows.
            inputParts.add(params.getString(JobParams.BANK_CHECKSUM));
        }
        String inputs = FileChecksums.combine(inputParts);
        int ordinal = store.inputOrdinal(channel, date, inputs);
        long version = (date.getYear() * 10_000L + date.getMonthValue() * 100L + date.getDayOfMonth()) * 1000L + ordinal;
        ctx.putString(JobParams.CTX_FORMAT, format);
        ctx.put(JobParams.CTX_DUPLICATE_FILES, duplicates);
        ctx.putLong(JobParams.CTX_VERSION, version);
        // A fresh start of the instance: nothing staged by an earlier attempt (or another database's instance) stays.
        store.clearQuarantine(jobExecution.getJobInstance().getInstanceId());
        staging.clear(jobExecution.getJobInstance().getInstanceId());
        return RepeatStatus.FINISHED;
    }

    static List<Path> settlementFiles(String joined) {
        List<Path> out = new ArrayList<>();
        for (String s : joined.split("\n")) {
            if (!s.isBlank()) {
                out.add(Path.of(s));
            }
        }
        if (out.isEmpty()) {
            throw new ReconInputException("no settlement file given (--settlement FILE)");
        }
        return out;
    }

    private String resolveFormat(String requested, Path first, String channel) throws IOException {
        ParseOptions options = ParseOptions.defaults().withChannel(channel).withZone(config.channel(channel).calendar().zone());
        try {
            String name = Formats.AUTO.equals(requested) ? FormatDetector.detect(InputSource.of(first), options) : requested;
            Formats.parser(name, options);
            return name;
        } catch (ParseException e) {
            throw new ReconInputException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ReconInputException("--format " + requested + ": " + e.getMessage(), e);
        }
    }
}
