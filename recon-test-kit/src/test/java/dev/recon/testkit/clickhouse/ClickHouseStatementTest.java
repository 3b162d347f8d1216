package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recon.testkit.clickhouse.ClickHouseStatement.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClickHouseStatementTest {

    @Test
    void insertWithFormatSplitsHeaderFormatAndData() {
        ClickHouseStatement insert = ClickHouseStatement.of("INSERT INTO recon.settlements (id, amount) FORMAT RowBinary\n");
        assertEquals(Kind.INSERT_WITH_FORMAT, insert.kind());
        assertEquals(Optional.of("RowBinary"), insert.format());
        assertEquals("INSERT INTO recon.settlements (id, amount)", insert.insertHeader());
        assertEquals(insert.sql().length(), insert.dataOffset());
    }

    @Test
    void insertSettingsStayInTheHeader() {
        ClickHouseStatement insert = ClickHouseStatement.of(
                "insert into t SETTINGS insert_deduplication_token = 'batch-7' format CSV");
        assertEquals(Kind.INSERT_WITH_FORMAT, insert.kind());
        assertEquals("insert into t SETTINGS insert_deduplication_token = 'batch-7'", insert.insertHeader());
        assertEquals(Optional.of("CSV"), insert.format());
    }

    @Test
    void inlineRowsStartAfterOneLineBreakAndMayBeBinary() {
        byte[] head = "INSERT INTO t FORMAT RowBinary \n".getBytes(StandardCharsets.UTF_8);
        byte[] rows = {0x0a, 0x00, (byte) 0xff, 'F', 'O', 'R', 'M', 'A', 'T'};
        byte[] all = new byte[head.length + rows.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(rows, 0, all, head.length, rows.length);
        ClickHouseStatement insert = ClickHouseStatement.ofBytes(all);
        assertEquals(Kind.INSERT_WITH_FORMAT, insert.kind());
        // The newline that belongs to the data (0x0a first byte) is not swallowed: only one is.
        assertEquals(head.length, insert.dataOffset());
    }

    @Test
    void formatInsideStringsCommentsAndColumnListsIsIgnored() {
        ClickHouseStatement insert = ClickHouseStatement.of(
                "INSERT /* FORMAT JSON */ INTO t (`format`, note) -- FORMAT CSV\n FORMAT TSV");
        assertEquals(Optional.of("TSV"), insert.format());
        ClickHouseStatement query = ClickHouseStatement.of("SELECT 'FORMAT JSON' AS x, format FROM t");
        assertEquals(Kind.QUERY, query.kind());
        assertEquals(Optional.empty(), query.format());
    }

    @Test
    void queryFormatIsTheTrailingClause() {
        assertEquals(Optional.of("JSONEachRow"),
                ClickHouseStatement.of("SELECT count() FROM t WHERE s = 'a''b' FORMAT JSONEachRow").format());
        assertEquals(Optional.of("JSON"),
                ClickHouseStatement.of("WITH 1 AS x SELECT x FORMAT JSON SETTINGS max_threads = 1").format());
        assertEquals(Optional.of("TSV"), ClickHouseStatement.of("SELECT 1 FORMAT TSV;").format());
        assertEquals(Optional.empty(), ClickHouseStatement.of("SELECT (SELECT 1 FORMAT JSON)").format());
    }

    @Test
    void kindsTheEndpointTreatsDifferently() {
        assertEquals(Kind.INSERT_OTHER, ClickHouseStatement.of("INSERT INTO t VALUES (1, 'FORMAT x')").kind());
        assertEquals(Kind.INSERT_OTHER, ClickHouseStatement.of("INSERT INTO t SELECT * FROM u FORMAT JSON").kind());
        assertEquals(Kind.OTHER, ClickHouseStatement.of("CREATE TABLE t (a UInt8) ENGINE = Memory").kind());
        assertEquals(Kind.USE, ClickHouseStatement.of("use recon").kind());
        assertEquals(Kind.QUERY, ClickHouseStatement.of("  -- leading comment\n DESCRIBE TABLE t").kind());
        assertEquals(Kind.OTHER, ClickHouseStatement.of("").kind());
    }

    @Test
    void setStatementNamesItsSettings() {
        ClickHouseStatement set = ClickHouseStatement.of("SET max_threads = 1, output_format_json_quote_64bit_integers = 'a,b'");
        assertEquals(Kind.SET, set.kind());
        assertEquals(List.of("max_threads", "output_format_json_quote_64bit_integers"), set.setSettingNames());
    }

    @Test
    void headerOfANonInsertIsAProgrammingError() {
        assertThrows(IllegalStateException.class, () -> ClickHouseStatement.of("SELECT 1").insertHeader());
    }

    @Test
    void utf8SurvivesTheByteView() {
        ClickHouseStatement insert = ClickHouseStatement.ofBytes(
                "INSERT INTO zahlungen_ü FORMAT CSV\n1,€\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("INSERT INTO zahlungen_ü", insert.insertHeader());
    }
}
