package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.batch.generate.SettlementScenario;
import dev.recon.batch.generate.SettlementScenario.GroundTruth;
import dev.recon.batch.job.JobParams;
import dev.recon.batch.landing.ResultLanding;
import dev.recon.batch.store.OperationalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.jdbc.JdbcTestUtils;

/**
 * The job itself (spring-batch-samples style): launched with {@link JobOperatorTestUtils} on
 * generated data, checked through the step executions in the job repository and the rows in the
 * operational database. Covers a clean run, a restart after a failure in the match step (the
 * staging steps are not repeated), and the recovery of an execution left STARTED by a kill -9.
 */
@SpringBatchTest
@SpringBootTest(classes = {BatchReconApplication.class, SettlementReconFunctionalTests.FlakyLandingConfiguration.class})
class SettlementReconFunctionalTests {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    static final Path CONFIG;
    /** Staging files of this test's in-memory database (its instance ids start at 1 like every other's). */
    static final Path STAGING;

    static {
        try {
            CONFIG = Files.createTempFile("recon-functional", ".yaml");
            STAGING = Files.createTempDirectory("recon-functional-staging");
            Files.writeString(CONFIG, SettlementScenario.FEE_SCHEDULE_YAML);
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:functional-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        registry.add("recon.config", CONFIG::toString);
        registry.add("recon.batch.staging", STAGING::toString);
    }

    /** Fails the first landing it is asked for, as a ClickHouse outage would, then works. */
    @TestConfiguration
    static class FlakyLandingConfiguration {
        static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

        // @Primary: it replaces the application's own landing (analytics stores, or none) in this test
        @Bean
        @org.springframework.context.annotation.Primary
        ResultLanding flakyLanding() {
            return (channel, date, version, outcome) -> {
                if (FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("analytics store unavailable");
                }
            };
        }
    }

    @Autowired
    JobOperatorTestUtils jobOperatorTestUtils;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    JobOperator jobOperator;
    @Autowired
    Job job;
    @Autowired
    OperationalStore store;
    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path tmp;

    @BeforeEach
    void reset() {
        FlakyLandingConfiguration.FAILURES_LEFT.set(0);
    }

    JobParameters params(GroundTruth truth, Path out, long run) throws Exception {
        JobParameters p = BatchReconApplication.parametersFor("--channel", "adyen", "--date", DAY.toString(), "--settlement",
                truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--out", out.toString());
        return new JobParametersBuilder(p).addLong(JobParams.RUN, run).toJobParameters();
    }

    long stepExecutions(JobInstance instance, String step) {
        return JdbcTestUtils.countRowsInTableWhere(jdbc, "BATCH_STEP_EXECUTION", "STEP_NAME = '" + step
                + "' AND JOB_EXECUTION_ID IN (SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = "
                + instance.getInstanceId() + ")");
    }

    @Test
    void cleanRunStagesEveryRowAndStoresOneResultPerRecord() throws Exception {
        // given
        GroundTruth truth = new SettlementScenario(DAY, 120, 11).withMalformedRow().writeTo(tmp.resolve("in"));

        // when
        JobExecution execution = jobOperatorTestUtils.startJob(params(truth, tmp.resolve("out"), 1));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution stage = execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("stageSettlement")).findFirst().orElseThrow();
        assertThat(stage.getReadCount()).isEqualTo(truth.settlementRows());
        assertThat(stage.getWriteCount()).isEqualTo(truth.settlementRows());
        assertThat(stage.getReadSkipCount() + stage.getWriteSkipCount()).isZero();
        StepExecution internal = execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("stageInternal")).findFirst().orElseThrow();
        assertThat(internal.getReadCount()).isEqualTo(truth.internalRows());
        // Breaks and pending rows are kept as rows, matched ones as packed ids (16 bytes each).
        long openRows = JdbcTestUtils.countRowsInTableWhere(jdbc, "recon_result",
                "channel = 'adyen' AND business_date = DATE '" + DAY + "'");
        long matchedIds = jdbc.queryForObject("SELECT COALESCE(SUM(OCTET_LENGTH(ids)), 0) / 16 FROM recon_day_matched "
                + "WHERE channel = 'adyen' AND business_date = DATE '" + DAY + "'", Long.class);
        assertThat(Files.readAllLines(tmp.resolve("out/results.csv"))).hasSize((int) (openRows + matchedIds) + 1);
        assertThat(JdbcTestUtils.countRowsInTableWhere(jdbc, "recon_result", "status = 'MATCHED'")).isZero();
        assertThat(JdbcTestUtils.countRowsInTableWhere(jdbc, "recon_result", "status = 'BREAK'"))
                .isEqualTo(truth.injectedBreaks().size());
        assertThat(STAGING.resolve(Long.toString(execution.getJobInstance().getInstanceId()))).as("staging dropped")
                .doesNotExist();
        assertThat(store.dayClosed("adyen", DAY)).isTrue();
    }

    @Test
    void restartAfterAFailedMatchStepContinuesWithoutStagingAgain() throws Exception {
        // given: the first attempt fails in the match step (landing unavailable)
        GroundTruth truth = new SettlementScenario(DAY, 80, 12).writeTo(tmp.resolve("in"));
        JobParameters params = params(truth, tmp.resolve("out"), 101);
        FlakyLandingConfiguration.FAILURES_LEFT.set(1);
        JobExecution failed = jobOperatorTestUtils.startJob(params);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(ReconJobRunner.failureLine(failed)).contains("analytics store unavailable");

        // when: started again with the same parameters
        JobExecution restarted = jobOperatorTestUtils.startJob(params);

        // then
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(stepExecutions(restarted.getJobInstance(), "stageSettlement")).isEqualTo(1);
        assertThat(stepExecutions(restarted.getJobInstance(), "stageInternal")).isEqualTo(1);
        assertThat(stepExecutions(restarted.getJobInstance(), "matchAndStore")).isEqualTo(2);
        assertThat(JdbcTestUtils.countRowsInTableWhere(jdbc, "recon_result", "status = 'BREAK'"))
                .isEqualTo(truth.injectedBreaks().size());
    }

    @Test
    void anExecutionLeftStartedByAKillIsRecoveredNotRefused() throws Exception {
        // given: a clean run's results, then the repository state a kill -9 leaves behind
        GroundTruth truth = new SettlementScenario(DAY, 60, 13).writeTo(tmp.resolve("in"));
        ReconJobRunner runner = new ReconJobRunner(jobOperator, jobRepository, job, store);
        Path cleanOut = tmp.resolve("clean");
        JobParameters cleanInputs = BatchReconApplication.parametersFor("--channel", "adyen", "--date", DAY.toString(),
                "--settlement", truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--out",
                cleanOut.toString());
        assertThat(runner.run(cleanInputs).exitStatus()).isZero();
        Path out = tmp.resolve("after-kill");
        JobParameters inputs = new JobParametersBuilder(cleanInputs).addString(JobParams.OUT, out.toString(), false)
                .toJobParameters();
        JobParameters nextRun = new JobParametersBuilder(inputs).addLong(JobParams.RUN, 2L).toJobParameters();
        JobInstance instance = jobRepository.createJobInstance(job.getName(), nextRun);
        JobExecution killed = jobRepository.createJobExecution(instance, nextRun, new ExecutionContext());
        killed.setStatus(BatchStatus.STARTED);
        killed.setStartTime(java.time.LocalDateTime.now());
        jobRepository.update(killed);

        // when
        ReconJobRunner.Outcome outcome = runner.run(inputs);

        // then
        assertThat(outcome.exitStatus()).as(outcome.message()).isZero();
        assertThat(outcome.execution().getJobInstance().getInstanceId()).isEqualTo(instance.getInstanceId());
        assertThat(jobRepository.getJobExecution(killed.getId()).getStatus()).isNotEqualTo(BatchStatus.STARTED);
        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo(Files.readString(cleanOut.resolve("results.csv")));
    }
}
