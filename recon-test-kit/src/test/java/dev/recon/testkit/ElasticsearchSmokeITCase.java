package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

/**
 * Proves the Elasticsearch node is real: explicit mapping (money as long minor units), bulk
 * indexing, a term/range search and terms + sum aggregations with elasticsearch-java 8.19.
 */
class ElasticsearchSmokeITCase {

    /** A settled payment as stored in the analytics index; amounts in minor units. */
    public record Payment(String paymentId, String currency, String channel, long amountMinor, String settledAt) {
    }

    @Test
    void mappedIndexBulkSearchAndAggregate() throws Exception {
        ElasticsearchService elasticsearch = TestServices.elasticsearch();
        String index = "payments-smoke-" + UUID.randomUUID();
        try (RestClient rest = RestClient.builder(HttpHost.create(elasticsearch.httpUrl())).build();
             RestClientTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper())) {
            ElasticsearchClient client = new ElasticsearchClient(transport);

            client.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(m -> m
                            .properties("paymentId", p -> p.keyword(k -> k))
                            .properties("currency", p -> p.keyword(k -> k))
                            .properties("channel", p -> p.keyword(k -> k))
                            .properties("amountMinor", p -> p.long_(l -> l))
                            .properties("settledAt", p -> p.date(d -> d))));

            List<Payment> payments = new ArrayList<>();
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 1_000; i++) {
                payments.add(new Payment("PAY-" + i, i % 4 == 0 ? "USD" : "EUR", i % 2 == 0 ? "CARD" : "SEPA",
                        100L + i, start.plusSeconds(60L * i).toString()));
            }
            List<BulkOperation> operations = payments.stream()
                    .map(p -> BulkOperation.of(b -> b.index(op -> op.index(index).id(p.paymentId()).document(p))))
                    .collect(Collectors.toList());
            BulkResponse bulk = client.bulk(b -> b.operations(operations).refresh(Refresh.True));

            SearchResponse<Payment> search = client.search(s -> s.index(index)
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.term(t -> t.field("currency").value(FieldValue.of("USD"))))
                            .filter(f -> f.range(r -> r.number(n -> n.field("amountMinor").gte(1000.0))))))
                    .size(0)
                    .aggregations("byChannel", a -> a.terms(t -> t.field("channel")))
                    .aggregations("total", a -> a.sum(sum -> sum.field("amountMinor"))), Payment.class);
            SearchResponse<Payment> one = client.search(s -> s.index(index)
                    .query(q -> q.term(t -> t.field("paymentId").value(FieldValue.of("PAY-42")))), Payment.class);

            assertThat(bulk.errors()).isFalse();
            assertThat(bulk.items()).hasSize(1_000);
            // USD rows are i % 4 == 0 with 100 + i >= 1000, i.e. i in {900, 904, ..., 996}: 25 rows, all CARD.
            assertThat(search.hits().total().value()).isEqualTo(25);
            Map<String, Long> byChannel = search.aggregations().get("byChannel").sterms().buckets().array().stream()
                    .collect(Collectors.toMap(b -> b.key().stringValue(), StringTermsBucket::docCount));
            assertThat(byChannel).containsExactly(Map.entry("CARD", 25L));
            long expectedTotal = 0;
            for (int i = 900; i < 1_000; i += 4) {
                expectedTotal += 100 + i;
            }
            assertThat((long) search.aggregations().get("total").sum().value()).isEqualTo(expectedTotal);
            assertThat(one.hits().hits()).singleElement().satisfies(hit -> {
                assertThat(hit.source()).isEqualTo(payments.get(42));
            });

            client.indices().delete(d -> d.index(index));
        }
    }
}
