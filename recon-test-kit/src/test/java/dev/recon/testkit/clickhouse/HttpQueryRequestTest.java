package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpQueryRequestTest {

    private static HttpQueryRequest parse(String rawQuery, Map<String, String> headers) throws EngineException {
        return HttpQueryRequest.parse(rawQuery, name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null));
    }

    @Test
    void separatesTransportParametersSettingsAndPlaceholders() throws EngineException {
        HttpQueryRequest request = parse("query=INSERT%20INTO%20t%20FORMAT%20RowBinary&query_id=q-42&database=recon"
                + "&default_format=RowBinaryWithNamesAndTypes&wait_end_of_query=1&compress=0&session_id=s1"
                + "&insert_deduplication_token=batch%2D7&max_execution_time=30&param_ccy=EUR&async_insert=1"
                + "&enable_http_compression=0", Map.of());
        assertEquals("INSERT INTO t FORMAT RowBinary", request.query());
        assertEquals("q-42", request.queryId());
        assertEquals("recon", request.database());
        assertEquals("RowBinaryWithNamesAndTypes", request.defaultFormat());
        assertEquals(Map.of("insert_deduplication_token", "batch-7", "max_execution_time", "30"), request.settings());
        assertEquals(Map.of("ccy", "EUR"), request.parameters());
        assertEquals(Set.of("async_insert"), request.ignoredSettings());
        assertFalse(request.compressResponse());
        assertFalse(request.compressedRequest());
    }

    @Test
    void defaultsWhenTheClientSaysNothing() throws EngineException {
        HttpQueryRequest request = parse(null, Map.of());
        assertNull(request.query());
        assertNull(request.database());
        assertEquals("TabSeparated", request.defaultFormat());
        assertEquals("default", request.user());
        assertFalse(request.queryId().isBlank(), "a query id is generated");
        assertNull(request.setStatement());
    }

    @Test
    void headersStandInForMissingParameters() throws EngineException {
        HttpQueryRequest request = parse("", Map.of("X-ClickHouse-User", "recon", "X-ClickHouse-Key", "secret",
                "X-ClickHouse-Database", "analytics", "X-ClickHouse-Format", "JSONEachRow"));
        assertEquals("recon", request.user());
        assertEquals("analytics", request.database());
        assertEquals("JSONEachRow", request.defaultFormat());
    }

    @Test
    void compressionFlagsAreRecognised() throws EngineException {
        assertTrue(parse("compress=1", Map.of()).compressResponse());
        assertTrue(parse("decompress=true", Map.of()).compressedRequest());
    }

    @Test
    void setStatementQuotesTextAndKeepsNumbers() throws EngineException {
        HttpQueryRequest request = parse("max_threads=2&insert_deduplication_token=it%27s%5Cbatch&max_memory_usage=1.5",
                Map.of());
        assertEquals("SET max_threads = 2, insert_deduplication_token = 'it\\'s\\\\batch', max_memory_usage = 1.5",
                request.setStatement());
    }

    @Test
    void resetStatementsSkipNamesThatCannotBeSettings() {
        assertEquals(List.of("SET max_threads = DEFAULT"),
                HttpQueryRequest.resetStatements(List.of("max_threads", "x; DROP TABLE t")));
    }

    @Test
    void aParameterThatCannotBeASettingNameIsRejected() {
        EngineException e = assertThrows(EngineException.class, () -> parse("max%20threads=1", Map.of()));
        assertEquals(EngineException.BAD_ARGUMENTS, e.code());
        assertTrue(e.getMessage().startsWith("Code: 36. DB::Exception: URL parameter 'max threads'"), e.getMessage());
    }

    @Test
    void percentAndPlusDecodeLikeAForm() {
        assertEquals(Map.of("query", "SELECT 1+1", "x", ""), HttpQueryRequest.decodeQueryString("query=SELECT+1%2B1&x"));
    }
}
