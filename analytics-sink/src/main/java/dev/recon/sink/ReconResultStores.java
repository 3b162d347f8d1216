package dev.recon.sink;

import com.clickhouse.client.api.Client;
import dev.recon.sink.clickhouse.ClickHouseBatchWriter;
import dev.recon.sink.clickhouse.ClickHouseMigrations;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.clickhouse.FraudScoresTable;
import dev.recon.sink.clickhouse.ReconResultsTable;
import dev.recon.sink.elasticsearch.DeadLetterSink;
import dev.recon.sink.elasticsearch.ElasticsearchBulkWriter;
import dev.recon.sink.elasticsearch.ElasticsearchSinkConfig;
import dev.recon.sink.elasticsearch.ReconIndexLayout;
import dev.recon.sink.row.FraudScoreRow;
import dev.recon.sink.row.ReconResultRow;
import java.io.IOException;
import java.time.YearMonth;
import org.elasticsearch.client.RestClient;

/**
 * The results' destinations as both jobs use them: ClickHouse (migrations applied on open,
 * {@code recon_results}) and/or Elasticsearch (template and aliases installed on open), whichever
 * is configured. One row goes to each; {@link #flush()} returns once both stores acknowledged
 * everything written so far, which is the point a caller may commit its input position.
 */
public final class ReconResultStores implements AutoCloseable {

    private final Client clickHouseClient;
    private final ClickHouseBatchWriter<ReconResultRow> clickHouse;
    /** fraud_scores, opened on the first verdict: the batch and file jobs never write one. */
    private ClickHouseBatchWriter<FraudScoreRow> fraudScores;
    private final ClickHouseSinkConfig clickHouseConfig;
    private final RestClient elasticsearchClient;
    private final ElasticsearchBulkWriter elasticsearch;

    private ReconResultStores(Client clickHouseClient, ClickHouseSinkConfig clickHouseConfig,
                              ClickHouseBatchWriter<ReconResultRow> clickHouse,
                              RestClient elasticsearchClient, ElasticsearchBulkWriter elasticsearch) {
        this.clickHouseClient = clickHouseClient;
        this.clickHouseConfig = clickHouseConfig;
        this.clickHouse = clickHouse;
        this.elasticsearchClient = elasticsearchClient;
        this.elasticsearch = elasticsearch;
    }

    /**
     * @param clickHouse    null when ClickHouse is not configured
     * @param elasticsearch null when Elasticsearch is not configured
     * @param month         the month whose index the layout creates up front
     * @param deadLetters   where documents Elasticsearch refuses go, with the reason
     */
    public static ReconResultStores open(ClickHouseSinkConfig clickHouse, ElasticsearchSinkConfig elasticsearch,
                                         YearMonth month, DeadLetterSink deadLetters) throws IOException {
        if (clickHouse == null && elasticsearch == null) {
            throw new IllegalArgumentException("neither RECON_CLICKHOUSE_URL nor RECON_ELASTICSEARCH_URL is set:"
                    + " nothing to land the results in");
        }
        Client chClient = null;
        ClickHouseBatchWriter<ReconResultRow> chWriter = null;
        if (clickHouse != null) {
            chClient = clickHouse.newClient();
            new ClickHouseMigrations(chClient, clickHouse.database()).apply();
            chWriter = new ClickHouseBatchWriter<>(chClient, clickHouse, ReconResultsTable.INSTANCE);
        }
        RestClient esClient = null;
        ElasticsearchBulkWriter esWriter = null;
        if (elasticsearch != null) {
            esClient = elasticsearch.newRestClient();
            new ReconIndexLayout(elasticsearch.indexPrefix()).install(esClient, month);
            esWriter = new ElasticsearchBulkWriter(esClient, elasticsearch, deadLetters);
        }
        return new ReconResultStores(chClient, clickHouse, chWriter, esClient, esWriter);
    }

    /** Blocks while a store's queue is full (back-pressure). */
    public void write(ReconResultRow row) throws InterruptedException {
        if (clickHouse != null) {
            clickHouse.write(row);
        }
        if (elasticsearch != null) {
            elasticsearch.write(row);
        }
    }

    /**
     * A fraud verdict into ClickHouse {@code fraud_scores} (nothing when ClickHouse is not configured:
     * Elasticsearch gets the decision on the result documents, {@link ReconResultRow#withFraud}).
     */
    public void writeFraudScore(FraudScoreRow verdict) throws InterruptedException {
        if (clickHouse == null) {
            return;
        }
        if (fraudScores == null) {
            fraudScores = new ClickHouseBatchWriter<>(clickHouseClient, clickHouseConfig, FraudScoresTable.INSTANCE);
        }
        fraudScores.write(verdict);
    }

    public void writeAll(Iterable<? extends ReconResultRow> rows) throws InterruptedException {
        for (ReconResultRow row : rows) {
            write(row);
        }
    }

    public void flush() throws InterruptedException {
        if (clickHouse != null) {
            clickHouse.flush();
        }
        if (fraudScores != null) {
            fraudScores.flush();
        }
        if (elasticsearch != null) {
            elasticsearch.flush();
        }
    }

    /** "1,200 rows landed in ClickHouse; 1,200 documents landed in Elasticsearch (0 already current, 0 refused)". */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (clickHouse != null) {
            sb.append(String.format("%,d rows landed in ClickHouse", clickHouse.rowsStored()));
        }
        if (elasticsearch != null) {
            sb.append(sb.length() == 0 ? "" : "; ").append(String.format(
                    "%,d documents landed in Elasticsearch (%,d already current, %,d refused)",
                    elasticsearch.documentsStored(), elasticsearch.staleVersions(), elasticsearch.deadLettered()));
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            if (clickHouse != null) {
                try {
                    if (fraudScores != null) {
                        fraudScores.close();
                    }
                } finally {
                    clickHouse.close();
                    clickHouseClient.close();
                }
            }
        } finally {
            if (elasticsearch != null) {
                elasticsearch.close();
                elasticsearchClient.close();
            }
        }
    }
}
