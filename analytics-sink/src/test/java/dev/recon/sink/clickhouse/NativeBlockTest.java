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
                        + "0173" + "16" + HexFormat.of().formatHex("LowCardinality(String)".getBytes(StandardCharsets.UTF_8))
                        + "0100000000000000"                  // keys serialization version 1
                        + "0002000000000000"                  // UInt8 indexes | has additional keys (1 << 9)
                        + "0200000000000000" + "02616200"     // 2 keys: "ab", ""
                        + "0200000000000000" + "0001"         // 2 rows: indexes 0, 1
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
        // the eleven LowCardinality(String) columns take one index byte a row (plus their few keys) instead of every
        // row's string: the block is smaller than the RowBinary rows despite its headers and null maps
        assertThat(block.length).isLessThan(bytes.length);
        assertThat(new String(block, StandardCharsets.ISO_8859_1)).contains("LowCardinality(String)");
        assertThat(new String(block, StandardCharsets.ISO_8859_1)).contains("DateTime64(3, 'UTC')", "Nullable(Decimal(18, 8))");
    }

    @Test
    void theSizedTwoPassBlockIsByteForByteTheColumnBufferBlockOnGeneratedRows() {
        // Reference: the column-buffer transposition the writer used up to session 3, kept here to prove
        // the exact-size two-pass version sends the same bytes.
        ReconResultsTable table = ReconResultsTable.INSTANCE;
        java.util.Random random = new java.util.Random(20261207L);
        for (int round = 0; round < 40; round++) {
            int count = 1 + random.nextInt(round < 5 ? 3 : 700);
            RowBinaryOutput rows = new RowBinaryOutput(64);
            for (int i = 0; i < count; i++) {
                var row = SampleResults.row(round % 3 == 0 ? "adyen" : "stripe-é€", LocalDate.of(2026, 11, 1 + random.nextInt(28)),
                        random.nextInt(1_000_000), 1 + random.nextInt(5));
                table.encode(random.nextBoolean() ? SampleResults.withFx(row) : row, rows);
            }
            byte[] block = NativeBlock.fromRowBinary(rows.array(), rows.size(), count, table.columns(), table.columnTypes());
            assertThat(block).as("round " + round + ", " + count + " rows")
                    .isEqualTo(columnBufferBlock(rows.toByteArray(), count, table.columns(), table.columnTypes()));
        }
        RowBinaryOutput mixed = new RowBinaryOutput(16);
        String[] values = {"", "a", "x".repeat(200), "ü".repeat(70)};
        for (int i = 0; i < 500; i++) {
            mixed.writeString(values[i % values.length]);
            mixed.writeNullableInt64(i % 3 == 0 ? null : (long) i * 1_000_003L);
            if (mixed.writeNullFlag(i % 4 == 1 ? null : "v")) {
                mixed.writeString(values[(i + 1) % values.length]);
            }
            mixed.writeUInt16(i);
        }
        List<String> names = List.of("s", "n", "ns", "d");
        List<String> types = List.of("LowCardinality(String)", "Nullable(Int64)", "Nullable(String)", "Date");
        assertThat(NativeBlock.fromRowBinary(mixed.array(), mixed.size(), 500, names, types))
                .isEqualTo(columnBufferBlock(mixed.toByteArray(), 500, names, types));
    }

    @Test
    void dictionaryColumnsTakeWiderIndexesBeyond256And65536Keys() {
        // 256 keys still fit UInt8 indexes, 300 need UInt16, 70,000 UInt32; "" and non-ASCII keys among them
        List<String> names = List.of("lc", "n");
        List<String> types = List.of("LowCardinality(String)", "Nullable(Int64)");
        for (int distinct : new int[] {1, 256, 300, 70_000}) {
            int count = Math.max(600, distinct + 50);
            RowBinaryOutput rows = new RowBinaryOutput(64);
            for (int i = 0; i < count; i++) {
                int k = (i * 7919) % distinct;
                rows.writeString(k == 0 ? "" : k % 5 == 0 ? "ł-" + k : "key-" + k);
                rows.writeNullableInt64(i % 3 == 0 ? null : (long) i);
            }
            byte[] block = NativeBlock.fromRowBinary(rows.array(), rows.size(), count, names, types);
            assertThat(block).as(distinct + " keys").isEqualTo(columnBufferBlock(rows.toByteArray(), count, names, types));
            int flagsAt = 1 + NativeBlock.varUIntSize(count) + 1 + 2 + 1 + 22 + 8; // counts, name "lc", type, version
            assertThat(block[flagsAt]).as(distinct + " keys: index type").isEqualTo((byte) (distinct <= 256 ? 0 : distinct <= 65536 ? 1 : 2));
        }
    }

    @Test
    void aReusedBufferHoldingAnEarlierBatchGivesTheSameBlockAsAFreshArray() {
        // The writer refills the buffers of delivered batches: every byte up to the block's length must be
        // written again (null maps, the default values of nulls), none left over from the earlier batch.
        ReconResultsTable table = ReconResultsTable.INSTANCE;
        java.util.Random random = new java.util.Random(20261207L);
        byte[] reused = new byte[1 << 20];
        java.util.Arrays.fill(reused, (byte) 0x5A); // an "earlier batch" of non-zero bytes everywhere
        for (int round = 0; round < 30; round++) {
            int count = 1 + random.nextInt(600);
            RowBinaryOutput rows = new RowBinaryOutput(64);
            for (int i = 0; i < count; i++) {
                var row = SampleResults.row(round % 2 == 0 ? "adyen" : "stripe-é€", LocalDate.of(2026, 11, 1 + random.nextInt(28)),
                        random.nextInt(1_000_000), 1 + random.nextInt(5));
                // rows with and without FX and with missing channel amounts: nulls in every Nullable column
                table.encode(random.nextBoolean() ? SampleResults.withFx(row) : row, rows);
            }
            byte[] fresh = NativeBlock.fromRowBinary(rows.array(), rows.size(), count, table.columns(), table.columnTypes());
            NativeBlock.Block block = NativeBlock.fromRowBinary(rows.array(), rows.size(), count, table.columns(),
                    table.columnTypes(), length -> reused);
            assertThat(block.bytes()).isSameAs(reused);
            assertThat(block.length()).isEqualTo(fresh.length);
            assertThat(java.util.Arrays.copyOf(reused, block.length())).as("round " + round + ", " + count + " rows").isEqualTo(fresh);
        }
        assertThatThrownBy(() -> NativeBlock.fromRowBinary(new byte[0], 0, 0, List.of("s"), List.of("String"), length -> new byte[0]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("block buffer");
    }

    private static byte[] columnBufferBlock(byte[] rowBinary, int rowCount, List<String> names, List<String> types) {
        int columns = names.size();
        java.io.ByteArrayOutputStream[] values = new java.io.ByteArrayOutputStream[columns];
        byte[][] nulls = new byte[columns][];
        int[] widths = new int[columns];
        // LowCardinality(String): distinct values (as bytes, ISO-8859-1 text) in order of first use, and row indexes
        java.util.List<java.util.LinkedHashMap<String, Integer>> keys = new ArrayList<>();
        int[][] indexes = new int[columns][];
        for (int c = 0; c < columns; c++) {
            boolean dictionary = types.get(c).equals("LowCardinality(String)");
            keys.add(dictionary ? new java.util.LinkedHashMap<>() : null);
            indexes[c] = dictionary ? new int[rowCount] : null;
            values[c] = new java.io.ByteArrayOutputStream();
            String t = types.get(c).equals("LowCardinality(String)") ? "String" : NativeBlock.nativeType(types.get(c));
            nulls[c] = t.startsWith("Nullable(") ? new byte[rowCount] : null;
            t = t.startsWith("Nullable(") ? NativeBlock.nativeType(t.substring(9, t.length() - 1)) : t;
            widths[c] = t.equals("String") ? 0 : t.equals("UInt8") ? 1 : t.equals("UInt16") || t.equals("Date") ? 2
                    : t.equals("Int32") || t.startsWith("Decimal(9") ? 4 : 8;
        }
        int at = 0;
        for (int row = 0; row < rowCount; row++) {
            for (int c = 0; c < columns; c++) {
                if (nulls[c] != null && rowBinary[at++] != 0) {
                    nulls[c][row] = 1;
                    values[c].write(new byte[widths[c] == 0 ? 1 : widths[c]], 0, widths[c] == 0 ? 1 : widths[c]);
                    continue;
                }
                int start = at;
                if (widths[c] == 0) {
                    long len = 0;
                    int shift = 0;
                    byte b;
                    do {
                        b = rowBinary[at++];
                        len |= (long) (b & 0x7F) << shift;
                        shift += 7;
                    } while ((b & 0x80) != 0);
                    at += (int) len;
                } else {
                    at += widths[c];
                }
                if (keys.get(c) != null) {
                    String key = new String(rowBinary, start, at - start, StandardCharsets.ISO_8859_1);
                    Integer index = keys.get(c).get(key);
                    if (index == null) {
                        index = keys.get(c).size();
                        keys.get(c).put(key, index);
                        values[c].write(rowBinary, start, at - start);
                    }
                    indexes[c][row] = index;
                    continue;
                }
                values[c].write(rowBinary, start, at - start);
            }
        }
        java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
        RowBinaryOutput header = new RowBinaryOutput(64);
        header.writeVarUInt(columns);
        header.writeVarUInt(rowCount);
        block.writeBytes(header.toByteArray());
        for (int c = 0; c < columns; c++) {
            header.reset();
            header.writeString(names.get(c));
            header.writeString(NativeBlock.nativeType(types.get(c)));
            block.writeBytes(header.toByteArray());
            if (nulls[c] != null) {
                block.writeBytes(nulls[c]);
            }
            if (keys.get(c) != null) {
                int keyCount = keys.get(c).size();
                int width = keyCount <= 256 ? 1 : keyCount <= 65536 ? 2 : 4;
                java.nio.ByteBuffer lc = java.nio.ByteBuffer.allocate(32 + values[c].size() + rowCount * width)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                lc.putLong(1).putLong((width == 1 ? 0 : width == 2 ? 1 : 2) | 1 << 9).putLong(keyCount)
                        .put(values[c].toByteArray()).putLong(rowCount);
                for (int index : indexes[c]) {
                    if (width == 1) {
                        lc.put((byte) index);
                    } else if (width == 2) {
                        lc.putShort((short) index);
                    } else {
                        lc.putInt(index);
                    }
                }
                block.writeBytes(lc.array());
                continue;
            }
            block.writeBytes(values[c].toByteArray());
        }
        return block.toByteArray();
    }
}
