package dev.recon.batch;

import dev.recon.batch.job.JobParams;
import dev.recon.batch.store.OperationalStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Starts, restarts or re-runs the settlement job for one set of inputs and turns the outcome into
 * the CLI's exit status.
 *
 * <p>Which execution: the identifying parameters plus {@code run} = 1, 2, ... name the instances of
 * the same inputs. The first instance that has not completed is continued (a FAILED or STOPPED one
 * is restarted from its last committed chunk; one left STARTED by a kill -9 is first marked as
 * failed (see {@link #recover}), then restarted); if all completed, the next {@code run}
 * starts a fresh instance, which replaces the day's results. The caller must hold the run lock, so
 * a STARTED execution found here is known to be dead, not running elsewhere.
 * {@code RunIdIncrementer} is deliberately not used: with {@code JobOperator.start(job, params)}
 * it drops the parameters given.
 */
public final class ReconJobRunner {

    /** What happened, for the exit status: 0 ok, 1 failure, 3 the day could not be closed. */
    public record Outcome(int exitStatus, String message, JobExecution execution) {
    }

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;
    private final OperationalStore store;

    public ReconJobRunner(JobOperator jobOperator, JobRepository jobRepository, Job job, OperationalStore store) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = job;
        this.store = store;
    }

    public Outcome run(JobParameters inputs) throws Exception {
        JobExecution execution = launch(inputs);
        return outcome(execution);
    }

    JobExecution launch(JobParameters inputs) throws Exception {
        for (long run = 1; ; run++) {
            JobParameters params = new JobParametersBuilder(inputs).addLong(JobParams.RUN, run).toJobParameters();
            JobInstance instance = jobRepository.getJobInstance(job.getName(), params);
            if (instance == null) {
                return jobOperator.start(job, params);
            }
            JobExecution last = jobRepository.getLastJobExecution(instance);
            if (last == null) {
                return jobOperator.start(job, params);
            }
            BatchStatus status = last.getStatus();
            if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
                continue;
            }
            if (status.isRunning()) {
                recover(instance, last);
            }
            return jobOperator.start(job, params);
        }
    }

    /**
     * Marks an execution a kill left STARTED (and its running steps) as FAILED so it can be
     * restarted. Not {@code JobOperator.recover}: that updates the step executions it finds on the
     * job execution, whose execution contexts are not loaded, and so loses the readers' committed
     * positions (the restart then re-reads everything). Here each step execution is loaded with its
     * context ({@code getLastStepExecution}) before it is updated.
     */
    void recover(JobInstance instance, JobExecution execution) {
        java.time.LocalDateTime now = java.time.LocalDateTime.now();
        org.springframework.batch.core.ExitStatus killed = org.springframework.batch.core.ExitStatus.FAILED
                .addExitDescription("recovered: the process ended while this was running (killed)");
        java.util.Set<String> stepNames = new java.util.LinkedHashSet<>();
        execution.getStepExecutions().forEach(se -> stepNames.add(se.getStepName()));
        stepNames.addAll(dev.recon.batch.job.SettlementReconJobConfiguration.STEP_NAMES);
        for (String name : stepNames) {
            var step = jobRepository.getLastStepExecution(instance, name);
            if (step == null || !step.getStatus().isRunning()
                    || step.getJobExecutionId() != execution.getId()) {
                continue;
            }
            step.setStatus(BatchStatus.FAILED);
            step.setExitStatus(killed);
            step.setEndTime(now);
            jobRepository.update(step);
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(killed);
        execution.setEndTime(now);
        jobRepository.update(execution);
    }

    Outcome outcome(JobExecution execution) {
        var params = execution.getJobParameters();
        String channel = params.getString(JobParams.CHANNEL);
        LocalDate date = LocalDate.parse(params.getString(JobParams.BUSINESS_DATE));
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            return new Outcome(1, failureLine(execution), execution);
        }
        if (!store.dayClosed(channel, date)) {
            return new Outcome(3, "control totals did not tie (or counts did not balance) for " + channel + " " + date
                    + ": results written to " + params.getString(JobParams.OUT) + ", the day is not closed (see summary.json)",
                    execution);
        }
        return new Outcome(0, channel + " " + date + ": results written to " + params.getString(JobParams.OUT), execution);
    }

    /** The one line a user sees for a failed run: our own input message when there is one. */
    static String failureLine(JobExecution execution) {
        List<Throwable> failures = new ArrayList<>(execution.getAllFailureExceptions());
        for (Throwable t : failures) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof ReconInputException) {
                    return c.getMessage();
                }
            }
        }
        if (failures.isEmpty()) {
            return "the reconciliation job ended " + execution.getStatus();
        }
        Throwable root = failures.get(0);
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "the reconciliation job failed: " + msg.lines().findFirst().orElse(msg);
    }
}
