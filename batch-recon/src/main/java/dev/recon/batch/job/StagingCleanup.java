package dev.recon.batch.job;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Removes a run's staging files once its job has completed, not in the publish step: a kill after
 * the files were removed but before the step's commit would leave a restart with nothing to
 * publish. A failed or stopped run keeps them for its restart.
 */
final class StagingCleanup implements JobExecutionListener {

    private final StagingArea staging;

    StagingCleanup(StagingArea staging) {
        this.staging = staging;
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        if (jobExecution.getStatus() == BatchStatus.COMPLETED) {
            staging.clear(jobExecution.getJobInstance().getInstanceId());
        }
    }
}
