package dev.recon.sink.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.recon.sink.BatchPipeline;
import dev.recon.sink.RetryBackoff;
import dev.recon.sink.SinkWriteException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows of one table to ClickHouse in batches (10k-100k rows; {@code batchRows}): when the table
 * declares its column types, rows are encoded straight into the columns of one Native block per batch
 * ({@link NativeColumnsOutput}), which the server parses about five times cheaper than RowBinary, and the
 * block is written to the request in one piece from a reused buffer; other tables are sent as RowBinary. Up to
 * {@code concurrentInserts} batches are in flight. Used by the streaming sink job and the batch job alike.
 *
 * <ul>
 *   <li><b>Back-pressure:</b> at most {@code maxQueuedBatches} encoded batches wait for delivery;
 *       {@link #write} blocks beyond that, so memory stays bounded while ClickHouse is slow or down.</li>
 *   <li><b>Retries:</b> connection failures and transient server errors are retried with
 *       exponential backoff and full jitter until {@link RetryBackoff#giveUpAfter()}; errors that
 *       cannot heal by waiting (bad SQL, unknown table, parse errors, access denied) fail at once.</li>
 *   <li><b>No double storage of a retried batch:</b> each batch carries an
 *       {@code insert_deduplication_token} derived from its bytes, and the tables keep a
 *       {@code non_replicated_deduplication_window}, so an insert that reached the server but whose
 *       answer was lost is dropped when retried. On top of that the tables are ReplacingMergeTree on
 *       the row's identity, so even a batch replayed after a crash (same rows, other batch boundaries)
 *       collapses at merge time and in {@code FINAL} queries.</li>
 * </ul>
 *
 * <p>Assumptions: one producing thread (a writer per sink subtask or per step); {@link #flush} is
 * the commit point: after it returns every row written before is stored (a Flink sink calls it at
 * each checkpoint, a batch step at the end of each chunk). Not thread-safe.
 *
 * @param <T> the row type the table encodes
 */
public final class ClickHouseBatchWriter<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseBatchWriter.class);

    /** Server error codes that waiting cannot fix. */
    private static final Set<Integer> PERMANENT_ERRORS = Set.of(
            6,   // CANNOT_PARSE_TEXT
            16,  // NO_SUCH_COLUMN_IN_TABLE
            27,  // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            33,  // CANNOT_READ_ALL_DATA (a malformed RowBinary body)
            47,  // UNKNOWN_IDENTIFIER
            53,  // TYPE_MISMATCH
            60,  // UNKNOWN_TABLE
            62,  // SYNTAX_ERROR
            70,  // CANNOT_CONVERT_TYPE
            81,  // UNKNOWN_DATABASE
            115, // UNKNOWN_SETTING
            117, // INCORRECT_DATA
            192, // UNKNOWN_USER
            193, // WRONG_PASSWORD
            497, // ACCESS_DENIED
            516  // AUTHENTICATION_FAILED
    );

    /**
     * One encoded batch: the first {@code length} bytes of {@code rows} (a pooled buffer may be longer);
     * the same bytes, format and token are sent on every retry.
     */
    record EncodedBatch(byte[] rows, int length, int rowCount, String deduplicationToken, ClickHouseFormat format) {
    }

    private final Client client;
    private final boolean ownsClient;
    private final ClickHouseTable<T> table;
    private final ClickHouseSinkConfig config;
    private final BatchPipeline<EncodedBatch> pipeline;
    private final RowBinaryOutput current;
    private int currentRows;
    private final boolean nativeBlocks;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    /**
     * Native block buffers of delivered batches, reused by the next batches: a fresh 30-40 MB array per
     * batch is a humongous allocation that started a concurrent G1 cycle almost every batch
     * (docs/benchmarks.md, session 6). Bounded: at most {@code concurrentInserts + 2} buffers wait here.
     */
    private final BlockingQueue<byte[]> spareBlocks;

    /** Opens a writer with its own client; closing the writer closes the client. */
    public static <T> ClickHouseBatchWriter<T> open(ClickHouseSinkConfig config, ClickHouseTable<T> table) {
        return new ClickHouseBatchWriter<>(config.newClient(), true, config, table);
    }

    /** A writer over a shared client (not closed by the writer). */
    public ClickHouseBatchWriter(Client client, ClickHouseSinkConfig config, ClickHouseTable<T> table) {
        this(client, false, config, table);
    }

    private ClickHouseBatchWriter(Client client, boolean ownsClient, ClickHouseSinkConfig config, ClickHouseTable<T> table) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.config = config;
        this.table = table;
        this.nativeBlocks = config.nativeFormat() && NativeBlock.supports(table.columnTypes());
        // Native: each value goes straight to its column (no RowBinary pass to transpose at the seal)
        this.current = nativeBlocks ? new NativeColumnsOutput(table.columns(), table.columnTypes())
                : new RowBinaryOutput(Math.min(config.batchRows(), 100_000) * 64);
        this.spareBlocks = new ArrayBlockingQueue<>(config.concurrentInserts() + 2);
        // Inserts in flight may complete out of order: the ReplacingMergeTree keeps the highest
        // version whatever order they land in, and each batch keeps its own deduplication token.
        this.pipeline = new BatchPipeline<>("clickhouse-writer-" + table.name(), config.maxQueuedBatches(),
                config.concurrentInserts(), this::deliver, EncodedBatch::rowCount);
    }

    /** Adds a row; blocks while the queue of batches is full (back-pressure). */
    public void write(T row) throws InterruptedException {
        pipeline.checkHealthy();
        current.startRow();
        try {
            table.encode(row, current);
        } catch (RuntimeException e) {
            // a row refused half-way (e.g. a date out of range) must not leave part of itself in the batch
            current.dropPartialRow();
            throw e;
        }
        currentRows++;
        if (currentRows >= config.batchRows()) {
            seal();
        }
    }

    public void writeAll(Iterable<? extends T> rows) throws InterruptedException {
        for (T row : rows) {
            write(row);
        }
    }

    /**
     * Sends the partial batch and waits until every row written so far is stored; throws
     * {@link SinkWriteException} if a batch failed for good.
     */
    public void flush() throws InterruptedException {
        seal();
        pipeline.awaitDelivered(config.retry().flushDeadline(config.requestTimeout()));
    }

    /** Rows confirmed stored by ClickHouse. */
    public long rowsStored() {
        return pipeline.deliveredRows();
    }

    /** Insert attempts that failed and were retried. */
    public long retries() {
        return retries.get();
    }

    public long batchesStored() {
        return batches.get();
    }

    private void seal() throws InterruptedException {
        if (currentRows == 0) {
            return;
        }
        byte[] bytes;
        int length;
        ClickHouseFormat format;
        if (nativeBlocks) {
            // the columns copied once into a reused block buffer; the column buffers are reused too
            NativeBlock.Block block = ((NativeColumnsOutput) current).toBlock(this::blockBuffer);
            bytes = block.bytes();
            length = block.length();
            format = ClickHouseFormat.Native;
        } else {
            bytes = current.toByteArray();
            length = bytes.length;
            format = ClickHouseFormat.RowBinary;
        }
        EncodedBatch batch = new EncodedBatch(bytes, length, currentRows,
                deduplicationToken(table.name(), bytes, length), format);
        current.reset();
        currentRows = 0;
        pipeline.submit(batch);
    }

    /** A spare block buffer of at least {@code length} bytes, else a new one with room for somewhat larger batches. */
    private byte[] blockBuffer(int length) {
        byte[] spare = spareBlocks.poll();
        if (spare != null && spare.length >= length) {
            return spare;
        }
        return new byte[(int) Math.min(Integer.MAX_VALUE - 16, length + (long) length / 8)];
    }

    static String deduplicationToken(String tableName, byte[] rows, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tableName.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(rows, 0, length);
            return "recon-" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private void deliver(EncodedBatch batch) throws InterruptedException {
        RetryBackoff retry = config.retry();
        long firstFailure = 0;
        int attempt = 0;
        while (true) {
            try {
                InsertSettings settings = new InsertSettings().setDeduplicationToken(batch.deduplicationToken())
                        // Replacing rows inside one inserted block is work the merges and FINAL do anyway; with it
                        // off the test kit's engine spent about 20-30% less CPU per recon_results insert
                        // (docs/benchmarks.md). Same stored result: the ReplacingMergeTree collapses at merge time.
                        .serverSetting("optimize_on_insert", "0")
                        // One Native block is one stream: a second pipeline thread only hands the block back and
                        // forth. With one thread the test kit's engine spent 3-21% less CPU per 100k-row insert,
                        // merges included (docs/benchmarks.md, session 7); the stored rows are the same, and the
                        // writer's concurrentInserts already keep two inserts busy side by side.
                        .serverSetting("max_threads", "1");
                // The block goes to the request stream in one write (one HTTP chunk, few socket writes). The
                // client's InputStream overload copies a body through an 8,196-byte buffer: a 35 MB batch became
                // about 4,300 chunks and socket writes, each read again by the server.
                try (InsertResponse response = client.insert(table.name(), table.columns(),
                        out -> out.write(batch.rows(), 0, batch.length()), batch.format(), settings)
                        .get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    batches.incrementAndGet();
                    if (attempt == 0 && batch.format() == ClickHouseFormat.Native) {
                        // Only a batch whose one attempt succeeded: a timed-out attempt's request may still be
                        // reading its buffer, which must then never be refilled with another batch's rows.
                        spareBlocks.offer(batch.rows());
                    }
                    if (response.getWrittenRows() == 0) {
                        // the server recognised the token: an earlier attempt had stored this batch
                        LOG.info("ClickHouse dropped a repeated batch of {} rows for {} (deduplication token {})",
                                batch.rowCount(), table.name(), batch.deduplicationToken());
                    }
                    if (attempt > 0) {
                        LOG.info("ClickHouse insert into {} succeeded after {} retries ({} rows)", table.name(), attempt,
                                batch.rowCount());
                    }
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Throwable cause = unwrap(e);
                if (cause instanceof ServerException server && PERMANENT_ERRORS.contains(server.getCode())) {
                    throw new SinkWriteException("ClickHouse rejected a batch of " + batch.rowCount() + " rows for table "
                            + table.name() + " (code " + server.getCode() + "): " + server.getMessage(), cause);
                }
                long now = System.nanoTime();
                if (firstFailure == 0) {
                    firstFailure = now;
                }
                Duration failingFor = Duration.ofNanos(now - firstFailure);
                if (failingFor.compareTo(retry.giveUpAfter()) > 0) {
                    throw new SinkWriteException("ClickHouse insert into " + table.name() + " still failing after "
                            + failingFor.toSeconds() + " s and " + attempt + " retries: " + cause.getMessage(), cause);
                }
                long delay = retry.delayMillis(attempt);
                if (attempt == 0 || attempt % 10 == 0) {
                    LOG.warn("ClickHouse insert into {} failed ({}); retry {} in {} ms", table.name(),
                            ClickHouseMigrations.rootMessage(cause), attempt + 1, delay);
                }
                retries.incrementAndGet();
                attempt++;
                Thread.sleep(delay);
            }
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Sends what is buffered, waits for it, then releases the client if the writer owns it. An
     * interrupt while waiting is kept on the thread and reported as a failed write.
     */
    @Override
    public void close() {
        try {
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkWriteException("interrupted while flushing to ClickHouse table " + table.name(), e);
        } finally {
            pipeline.close();
            if (ownsClient) {
                client.close();
            }
        }
    }
}
