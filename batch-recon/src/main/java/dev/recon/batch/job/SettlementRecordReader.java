package dev.recon.batch.job;

import dev.recon.batch.ReconInputException;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseResult;
import dev.recon.parsers.QuarantinedRow;
import dev.recon.parsers.RecordSink;
import dev.recon.parsers.SettlementFileParser;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import dev.recon.batch.output.SummaryJson;

/**
 * Turns the parsers' push API ({@link RecordSink}) into a Spring Batch pull reader: the parser runs
 * on its own thread and hands rows through a small bounded queue, so memory stays constant
 * whatever the file size. The item count is saved with each committed chunk; on restart the files
 * are parsed again and the rows already staged are read and dropped (parsing is cheap next to
 * writing, and the parsers have no seek), so the staging step continues at the next row.
 *
 * <p>Assumptions: the files do not change between the kill and the restart (their checksum is an
 * identifying job parameter, so changed files are a new job instance); one reader, one thread.
 */
public class SettlementRecordReader extends AbstractItemCountingItemStreamItemReader<StagedSettlementRow>
        implements StepExecutionListener {

    private static final Object END = new Object();
    private static final long WAIT_SECONDS = 600;

    private final SettlementFileParser parser;
    private final List<InputSource> files;
    private BlockingQueue<Object> queue;
    private Thread producer;
    private volatile ParseResult result;
    private volatile Exception failure;
    private boolean finished;

    public SettlementRecordReader(SettlementFileParser parser, List<InputSource> files) {
        this.parser = parser;
        this.files = List.copyOf(files);
        setName("settlementRecords");
    }

    /** The parse's totals and control checks, once every row has been read. */
    public ParseResult result() {
        return result;
    }

    /** Hands the parse totals (control checks included) to the job for the match step and summary. */
    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (result != null && failure == null) {
            try {
                stepExecution.getJobExecution().getExecutionContext().putString(JobParams.CTX_PARSE_SUMMARY,
                        SummaryJson.mapper().writeValueAsString(ParseSummary.of(result)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    @Override
    protected void doOpen() {
        queue = new ArrayBlockingQueue<>(8192);
        producer = new Thread(this::produce, "settlement-parser");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        RecordSink sink = new RecordSink() {
            @Override
            public void accept(SettlementRecord record) throws IOException {
                put(record);
            }

            @Override
            public void quarantine(QuarantinedRow row) throws IOException {
                put(row);
            }
        };
        try {
            result = parser.parseReport(files, sink);
        } catch (Exception e) {
            failure = e;
        } finally {
            try {
                put(END);
            } catch (IOException interrupted) {
                // the reader was closed; nobody is waiting for the end marker
            }
        }
    }

    private void put(Object o) throws IOException {
        try {
            queue.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("settlement parsing interrupted", e);
        }
    }

    @Override
    protected StagedSettlementRow doRead() throws Exception {
        if (finished) {
            return null;
        }
        Object next = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (next == null) {
            throw new IllegalStateException("the settlement parser produced nothing for " + WAIT_SECONDS + " s");
        }
        if (next == END) {
            finished = true;
            if (failure instanceof ParseException pe) {
                throw new ReconInputException(pe.getMessage(), pe);
            }
            if (failure instanceof IOException io) {
                throw new ReconInputException("cannot read settlement file: " + io.getMessage(), io);
            }
            if (failure != null) {
                throw failure;
            }
            return null;
        }
        long seq = getCurrentItemCount();
        return next instanceof SettlementRecord r ? new StagedSettlementRow(seq, r, null)
                : new StagedSettlementRow(seq, null, (QuarantinedRow) next);
    }

    @Override
    protected void doClose() {
        if (producer != null && producer.isAlive()) {
            producer.interrupt();
        }
        producer = null;
    }
}
