package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChdbHttpEndpointTest {

    @Test
    void summaryCarriesWrittenRowsForInsertsAsJsonStrings() {
        assertEquals("{\"read_rows\":\"0\",\"read_bytes\":\"0\",\"written_rows\":\"100000\",\"written_bytes\":\"2900019\","
                        + "\"total_rows_to_read\":\"0\",\"result_rows\":\"100000\",\"result_bytes\":\"2900019\",\"elapsed_ns\":\"5\"}",
                ChdbHttpEndpoint.summaryJson(0, 0, 100_000, 2_900_019, 5));
    }

    @Test
    void summaryOfAQueryReportsRowsRead() {
        assertEquals("{\"read_rows\":\"7\",\"read_bytes\":\"56\",\"written_rows\":\"0\",\"written_bytes\":\"0\","
                        + "\"total_rows_to_read\":\"7\",\"result_rows\":\"7\",\"result_bytes\":\"56\",\"elapsed_ns\":\"1\"}",
                ChdbHttpEndpoint.summaryJson(7, 56, 0, 0, 1));
    }

    @Test
    void contentTypeFollowsTheFormat() {
        assertEquals("application/octet-stream", ChdbHttpEndpoint.contentType("RowBinaryWithNamesAndTypes"));
        assertEquals("application/json; charset=UTF-8", ChdbHttpEndpoint.contentType("JSONEachRow"));
        assertEquals("text/tab-separated-values; charset=UTF-8", ChdbHttpEndpoint.contentType("TabSeparated"));
        assertEquals("text/csv; charset=UTF-8", ChdbHttpEndpoint.contentType("CSVWithNames"));
    }
}
