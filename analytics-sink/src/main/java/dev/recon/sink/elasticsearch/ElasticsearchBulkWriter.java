package dev.recon.sink.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.sink.BatchPipeline;
import dev.recon.sink.RetryBackoff;
import dev.recon.sink.SinkWriteException;
import dev.recon.sink.row.ReconResultRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes recon results to Elasticsearch with {@code _bulk}: one document per recon_id
 * ({@code _id} = recon_id) in the monthly index of its business date ({@link ReconIndexLayout}),
 * with {@code version_type=external} and the row's version, so a replayed or late older version is
 * refused by the node (409, counted as stale, not an error) and never replaces a newer one. A row
 * marked deleted (superseded) becomes a versioned delete of that id. A row carrying a fraud decision
 * is written with {@code external_gte}: it replaces the same version without (or with another)
 * decision, so a verdict that arrives after its result can be added to the document; the caller
 * sends the payment's best decision it knows (the Kafka landing job keeps the highest score).
 *
 * <ul>
 *   <li><b>Retries:</b> a failed request (node down, 429, 5xx) is resent whole; inside a bulk
 *       response, items with 429/5xx are resent alone; backoff with full jitter until
 *       {@link RetryBackoff#giveUpAfter()}.</li>
 *   <li><b>Partial failures:</b> an item refused for good (mapping error and other 4xx) goes to the
 *       {@link DeadLetterSink} with Elasticsearch's reason; the rest of the batch is stored.</li>
 *   <li><b>Back-pressure:</b> at most {@code maxQueuedBatches} batches wait; {@link #write} blocks beyond.</li>
 *   <li><b>Throughput:</b> a bulk is sent at {@code bulkBytes} (default 5 MB) or {@code bulkDocuments},
 *       whichever comes first; {@code concurrentRequests} (default 2) bulks are in flight, which the
 *       external versions make safe (the highest version wins whatever order they complete in).</li>
 * </ul>
 *
 * <p>Assumptions: one producing thread; {@link #flush} is the commit point (every row written
 * before it is stored, stale or dead-lettered when it returns); versions come from the data; the
 * index template is installed ({@link ReconIndexLayout#install}), otherwise the first document of a
 * month creates an index without the mapping. Delete tombstones are kept for {@code index.gc_deletes}
 * (7 days in the template): an older version replayed later than that could resurrect a
 * superseded document. Not thread-safe.
 */
public final class ElasticsearchBulkWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchBulkWriter.class);
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One bulk action: its action line (with the newline) and {@code source} (null for a delete). */
    record BulkItem(String index, String id, long version, byte[] action, byte[] source) {
        boolean isDelete() {
            return source == null;
        }

        int bytes() {
            return action.length + (source == null ? 0 : source.length + 1);
        }
    }

    private final RestClient client;
    private final boolean ownsClient;
    private final ElasticsearchSinkConfig config;
    private final ReconIndexLayout layout;
    private final DeadLetterSink deadLetters;
    private final BatchPipeline<List<BulkItem>> pipeline;
    private List<BulkItem> current = new ArrayList<>();
    private int currentBytes;
    private final ByteArrayOutputStream documentBuffer = new ByteArrayOutputStream(2048);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    public static ElasticsearchBulkWriter open(ElasticsearchSinkConfig config, DeadLetterSink deadLetters) {
        return new ElasticsearchBulkWriter(config.newRestClient(), true, config, deadLetters);
    }

    /** A writer over a shared client (not closed by the writer). */
    public ElasticsearchBulkWriter(RestClient client, ElasticsearchSinkConfig config, DeadLetterSink deadLetters) {
        this(client, false, config, deadLetters);
    }

    private ElasticsearchBulkWriter(RestClient client, boolean ownsClient, ElasticsearchSinkConfig config,
                                    DeadLetterSink deadLetters) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.config = config;
        this.layout = new ReconIndexLayout(config.indexPrefix());
        this.deadLetters = deadLetters;
        // Several bulks in flight are safe here: external versions make the node keep the highest
        // version whatever order the requests complete in.
        this.pipeline = new BatchPipeline<>("elasticsearch-writer-" + config.indexPrefix(), config.maxQueuedBatches(),
                config.concurrentRequests(), this::deliver, List::size);
    }

    /** Adds a result version; blocks while the queue of batches is full (back-pressure). */
    public void write(ReconResultRow row) throws InterruptedException {
        pipeline.checkHealthy();
        String index = layout.indexFor(row.businessDate());
        BulkItem item;
        try {
            documentBuffer.reset();
            try (JsonGenerator g = JSON.createGenerator(documentBuffer)) {
                // A document that carries the payment's fraud decision may replace the same version without it
                // (external_gte): the verdict often reaches the landing job after the result. Without one, equal
                // versions stay refused (external), so a replay never strips a decision that is already there.
                writeAction(g, row.deleted() ? "delete" : "index", index, row.reconId(), row.version(),
                        !row.deleted() && !row.fraudDecision().isEmpty() ? "external_gte" : "external");
            }
            documentBuffer.write('\n');
            byte[] action = documentBuffer.toByteArray();
            byte[] source = null;
            if (!row.deleted()) {
                documentBuffer.reset();
                try (JsonGenerator g = JSON.createGenerator(documentBuffer)) {
                    ReconResultDocument.write(row, g);
                }
                source = documentBuffer.toByteArray();
            }
            item = new BulkItem(index, row.reconId(), row.version(), action, source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode recon_id " + row.reconId(), e);
        }
        if (!current.isEmpty() && currentBytes + item.bytes() > config.bulkBytes()) {
            seal();
        }
        current.add(item);
        currentBytes += item.bytes();
        if (current.size() >= config.bulkDocuments() || currentBytes >= config.bulkBytes()) {
            seal();
        }
    }

    public void writeAll(Iterable<? extends ReconResultRow> rows) throws InterruptedException {
        for (ReconResultRow row : rows) {
            write(row);
        }
    }

    /** Sends the partial batch and waits until every row written so far is settled. */
    public void flush() throws InterruptedException {
        seal();
        pipeline.awaitDelivered(config.retry().flushDeadline(config.requestTimeout()));
    }

    /** Index and delete actions the node accepted. */
    public long documentsStored() {
        return stored.get();
    }

    /** Actions refused because the node already had this or a newer version (replays, late arrivals). */
    public long staleVersions() {
        return stale.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long retries() {
        return retries.get();
    }

    private void seal() throws InterruptedException {
        if (current.isEmpty()) {
            return;
        }
        List<BulkItem> batch = current;
        current = new ArrayList<>(Math.min(config.bulkDocuments(), 10_000));
        currentBytes = 0;
        pipeline.submit(batch);
    }

    private void deliver(List<BulkItem> batch) throws Exception {
        RetryBackoff retry = config.retry();
        List<BulkItem> pending = batch;
        long firstFailure = 0;
        int attempt = 0;
        while (true) {
            String failure;
            try {
                pending = sendOnce(pending);
                if (pending.isEmpty()) {
                    return;
                }
                failure = pending.size() + " item(s) answered 429/5xx";
            } catch (ResponseException e) {
                int status = e.getResponse().getStatusLine().getStatusCode();
                if (status != 429 && status < 500) {
                    throw new SinkWriteException("Elasticsearch refused a bulk request of " + pending.size()
                            + " actions with HTTP " + status + ": " + e.getMessage(), e);
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.toString();
            }
            long now = System.nanoTime();
            if (firstFailure == 0) {
                firstFailure = now;
            }
            Duration failingFor = Duration.ofNanos(now - firstFailure);
            if (failingFor.compareTo(retry.giveUpAfter()) > 0) {
                throw new SinkWriteException("Elasticsearch bulk still failing after " + failingFor.toSeconds()
                        + " s and " + attempt + " retries: " + failure, null);
            }
            long delay = retry.delayMillis(attempt);
            if (attempt == 0 || attempt % 10 == 0) {
                LOG.warn("Elasticsearch bulk of {} actions failed ({}); retry {} in {} ms", pending.size(), failure,
                        attempt + 1, delay);
            }
            retries.incrementAndGet();
            attempt++;
            Thread.sleep(delay);
        }
    }

    /** Sends the items once; returns those to retry (429/5xx items). */
    private List<BulkItem> sendOnce(List<BulkItem> items) throws Exception {
        int size = 0;
        for (BulkItem item : items) {
            size += item.bytes();
        }
        byte[] body = new byte[size];
        int at = 0;
        for (BulkItem item : items) {
            System.arraycopy(item.action(), 0, body, at, item.action().length);
            at += item.action().length;
            if (!item.isDelete()) {
                System.arraycopy(item.source(), 0, body, at, item.source().length);
                at += item.source().length;
                body[at++] = '\n';
            }
        }
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", "errors,items.*.status,items.*.error.type,items.*.error.reason");
        request.setEntity(new ByteArrayEntity(body, NDJSON));
        Response response = client.performRequest(request);
        JsonNode answer;
        try (InputStream in = response.getEntity().getContent()) {
            answer = MAPPER.readTree(in);
        }
        if (!answer.path("errors").asBoolean(false)) {
            stored.addAndGet(items.size());
            return List.of();
        }
        JsonNode results = answer.path("items");
        if (results.size() != items.size()) {
            throw new IOException("bulk answer has " + results.size() + " items for " + items.size() + " actions");
        }
        List<BulkItem> again = new ArrayList<>();
        Iterator<JsonNode> it = results.elements();
        for (BulkItem item : items) {
            Map.Entry<String, JsonNode> entry = it.next().properties().iterator().next();
            JsonNode result = entry.getValue();
            int status = result.path("status").asInt();
            if (status >= 200 && status < 300 || item.isDelete() && status == 404) {
                stored.incrementAndGet();
            } else if (status == 409) {
                stale.incrementAndGet();
            } else if (status == 429 || status >= 500) {
                again.add(item);
            } else {
                String reason = result.path("error").path("type").asText() + ": " + result.path("error").path("reason").asText();
                deadLettered.incrementAndGet();
                deadLetters.accept(new RejectedDocument(item.index(), item.id(), item.version(), entry.getKey(), status,
                        reason, item.isDelete() ? "" : new String(item.source(), StandardCharsets.UTF_8)));
            }
        }
        return again;
    }

    private static void writeAction(JsonGenerator g, String action, String index, String id, long version,
                                    String versionType) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart(action);
        g.writeStringField("_index", index);
        g.writeStringField("_id", id);
        g.writeNumberField("version", version);
        g.writeStringField("version_type", versionType);
        g.writeEndObject();
        g.writeEndObject();
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
            throw new SinkWriteException("interrupted while flushing to Elasticsearch", e);
        } finally {
            pipeline.close();
            if (ownsClient) {
                try {
                    client.close();
                } catch (IOException e) {
                    LOG.warn("closing the Elasticsearch client failed: {}", e.toString());
                }
            }
        }
    }
}
