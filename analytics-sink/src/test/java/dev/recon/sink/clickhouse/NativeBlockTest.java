package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.sink.SampleResults;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NativeBlockTest {

    @Test
    void rowsBecomeColumnsWithNullMapsAndDefaultsForNulls() {
        RowBinaryOutput rows = new RowBinaryOutput(64);
        rows.writeString("ab");
        rows.writeNullableInt64(5L);
        rows.writeString("");
        rows.writeNullableInt64(null);
        byte[] bytes = rows.toByteArray();
        byte[] block = NativeBlock.fromRowBinary(bytes, bytes.length, 2, List.of("s", "n"),
                List.of("LowCardinality(String)", "Nullable(Int64)"));
        assertThat(HexFormat.of().formatHex(block)).isEqualTo(
                "02" + "02"                                   // 2 columns, 2 rows
                        + "0173" + "06537472696e67"           // "s" "String" (LowCardinality sent plain)
                        + "02616200"                          // "ab", ""
                        + "016e" + "0f4e756c6c61626c6528496e74363429" // "n" "Nullable(Int64)"
                        + "0001"                              // null map: not null, null
                        + "0500000000000000" + "0000000000000000");
    }

    @Test
    void aBatchThatDoesNotMatchTheTypesIsRefusedNamingWhere() {
        RowBinaryOutput rows = new RowBinaryOutput(64);
        rows.writeString("ab");
        rows.writeInt32(7);
        byte[] bytes = rows.toByteArray();
        assertThatThrownBy(() -> NativeBlock.fromRowBinary(bytes, bytes.length, 1, List.of("s", "n"), List.of("String", "Int64")))
                .hasMessageContaining("row 0").hasMessageContaining("column n");
        assertThatThrownBy(() -> NativeBlock.fromRowBinary(bytes, bytes.length, 1, List.of("s", "n"), List.of("String", "UInt16")))
                .hasMessageContaining("2 bytes after");
        assertThat(NativeBlock.supports(List.of("String", "Array(String)"))).isFalse();
    }

    @Test
    void everyRowOfTheResultsTableTransposesAndItsTypesAreThoseOfTheMigration() throws Exception {
        ReconResultsTable table = ReconResultsTable.INSTANCE;
        assertThat(NativeBlock.supports(table.columnTypes())).isTrue();
        String sql;
        try (InputStream in = getClass().getResourceAsStream("/dev/recon/sink/clickhouse/migrations/V001__core_tables.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String body = sql.substring(sql.indexOf("CREATE TABLE IF NOT EXISTS recon_results"));
        body = body.substring(body.indexOf('(') + 1, body.indexOf("INDEX idx_status"));
        List<String> declared = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+(\\w+)\\s+(.+?),?\\s*(--.*)?$").matcher(body);
        while (m.find()) {
            declared.add(m.group(1) + " " + m.group(2).replaceAll(",$", "").strip());
        }
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            ours.add(table.columns().get(i) + " " + table.columnTypes().get(i));
        }
        assertThat(ours).containsExactlyElementsOf(declared);

        RowBinaryOutput rows = new RowBinaryOutput(1 << 16);
        int count = 300;
        for (int i = 0; i < count; i++) {
            table.encode(SampleResults.withFx(SampleResults.row("adyen", LocalDate.of(2026, 11, 20), i, 1)), rows);
        }
        byte[] bytes = rows.toByteArray();
        byte[] block = NativeBlock.fromRowBinary(bytes, bytes.length, count, table.columns(), table.columnTypes());
        // the same values, plus per column its name and type and per Nullable column one byte a row, minus the per-row null flags
        assertThat(block.length).isGreaterThan(bytes.length);
        assertThat(new String(block, StandardCharsets.ISO_8859_1)).contains("DateTime64(3, 'UTC')", "Nullable(Decimal(18, 8))");
    }
}
