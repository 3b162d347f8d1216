package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.sink.SampleResults;
import dev.recon.sink.row.ReconResultRow;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The writer's direct column encoding against the reference path: RowBinary, then {@link NativeBlock#fromRowBinary}. */
class NativeColumnsOutputTest {

    private static final ReconResultsTable TABLE = ReconResultsTable.INSTANCE;

    @Test
    void generatedBatchesGiveTheBytesOfTheRowBinaryTransposition() {
        Random random = new Random(20261207L);
        NativeColumnsOutput columns = new NativeColumnsOutput(TABLE.columns(), TABLE.columnTypes());
        byte[] reused = new byte[1 << 20];
        Arrays.fill(reused, (byte) 0x5A);
        for (int round = 0; round < 60; round++) {
            int count = 1 + random.nextInt(round < 5 ? 3 : 900);
            RowBinaryOutput rows = new RowBinaryOutput(64);
            columns.reset(); // the same column buffers for every batch, as in the writer
            for (int i = 0; i < count; i++) {
                ReconResultRow row = SampleResults.row(round % 3 == 0 ? "adyen" : "stripe-é€ł😀",
                        LocalDate.of(2026, 11, 1 + random.nextInt(28)), random.nextInt(1_000_000), 1 + random.nextInt(5));
                // FX and non-FX rows, rows missing their channel amounts: nulls and values in every Nullable column
                row = random.nextBoolean() ? SampleResults.withFx(row) : row;
                TABLE.encode(row, rows);
                columns.startRow();
                TABLE.encode(row, columns);
            }
            byte[] reference = NativeBlock.fromRowBinary(rows.array(), rows.size(), count, TABLE.columns(), TABLE.columnTypes());
            assertThat(columns.rows()).isEqualTo(count);
            assertThat(columns.toBlock(byte[]::new).bytes()).as("round " + round + ", " + count + " rows").isEqualTo(reference);
            NativeBlock.Block intoReused = columns.toBlock(length -> reused);
            assertThat(intoReused.length()).isEqualTo(reference.length);
            assertThat(Arrays.copyOf(reused, intoReused.length())).isEqualTo(reference);
        }
    }

    @Test
    void mixedTypesAndNullableStringsGiveTheTranspositionsBytes() {
        List<String> names = List.of("s", "n", "ns", "d", "b", "i", "ts");
        List<String> types = List.of("LowCardinality(String)", "Nullable(Int64)", "Nullable(String)", "Date", "UInt8",
                "Int32", "DateTime64(3, 'UTC')");
        RowBinaryOutput rows = new RowBinaryOutput(16);
        NativeColumnsOutput columns = new NativeColumnsOutput(names, types);
        String[] values = {"", "a", "x".repeat(200), "ü".repeat(70)};
        for (RowBinaryOutput out : List.of(rows, columns)) {
            for (int i = 0; i < 500; i++) {
                out.startRow();
                out.writeString(values[i % values.length]);
                out.writeNullableInt64(i % 3 == 0 ? null : (long) i * 1_000_003L);
                if (out.writeNullFlag(i % 4 == 1 ? null : "v")) {
                    out.writeString(values[(i + 1) % values.length]);
                }
                out.writeDate(LocalDate.of(2026, 1, 1).plusDays(i));
                out.writeBool(i % 2 == 0);
                out.writeInt32(-i);
                out.writeDateTime64Millis(java.time.Instant.ofEpochMilli(1_700_000_000_000L + i));
            }
        }
        assertThat(columns.toBlock(byte[]::new).bytes())
                .isEqualTo(NativeBlock.fromRowBinary(rows.array(), rows.size(), 500, names, types));
    }

    @Test
    void aRowRefusedHalfWayLeavesNoTraceAndTheBatchStaysWhole() {
        NativeColumnsOutput columns = new NativeColumnsOutput(TABLE.columns(), TABLE.columnTypes());
        RowBinaryOutput rows = new RowBinaryOutput(64);
        ReconResultRow good = SampleResults.row("adyen", LocalDate.of(2026, 11, 20), 1, 1);
        // expected_date before 1970 is refused by writeDate after 34 of the 36 columns are written
        ReconResultRow bad = new ReconResultRow(good.reconId(), good.version(), good.deleted(), good.mode(), good.channel(),
                good.businessDate(), good.status(), good.breakType(), good.type(), good.merchantId(), good.paymentId(),
                good.transactionId(), good.channelRef(), good.internalStatus(), good.channelStatus(), good.currency(),
                good.internalAmountMinor(), good.channelAmountMinor(), good.differenceMinor(), good.settlementCurrency(),
                good.grossMinor(), good.feeMinor(), good.netMinor(), good.fxRate(), good.payoutBatch(), good.matchGroupId(),
                good.ageDays(), good.rule(), good.detail(), good.source(), good.configVersion(), good.fraudScore(),
                good.decidedAt(), LocalDate.of(1969, 12, 31), good.nearMiss());
        for (RowBinaryOutput out : List.of(rows, columns)) {
            out.startRow();
            TABLE.encode(good, out);
            out.startRow();
            assertThatThrownBy(() -> TABLE.encode(bad, out)).hasMessageContaining("outside ClickHouse's Date range");
            out.dropPartialRow();
            out.startRow();
            TABLE.encode(good, out);
        }
        assertThat(columns.rows()).isEqualTo(2);
        assertThat(columns.toBlock(byte[]::new).bytes())
                .isEqualTo(NativeBlock.fromRowBinary(rows.array(), rows.size(), 2, TABLE.columns(), TABLE.columnTypes()));
    }

    @Test
    void aRowRefusedHalfWayTakesBackTheDictionaryKeysItAdded() {
        NativeColumnsOutput columns = new NativeColumnsOutput(TABLE.columns(), TABLE.columnTypes());
        RowBinaryOutput rows = new RowBinaryOutput(64);
        ReconResultRow good = SampleResults.row("adyen", LocalDate.of(2026, 11, 20), 1, 1);
        // a channel, status and currency no earlier row had, then refused at expected_date (before 1970)
        ReconResultRow bad = new ReconResultRow(good.reconId(), good.version(), good.deleted(), "STREAM", "worldpay",
                good.businessDate(), "PENDING", "", "REFUND", good.merchantId(), good.paymentId(),
                good.transactionId(), good.channelRef(), "AUTHORISED", "Pending", "BHD",
                good.internalAmountMinor(), good.channelAmountMinor(), good.differenceMinor(), "BHD",
                good.grossMinor(), good.feeMinor(), good.netMinor(), good.fxRate(), good.payoutBatch(), good.matchGroupId(),
                good.ageDays(), "amount", good.detail(), good.source(), "rules-v2", good.fraudScore(),
                good.decidedAt(), LocalDate.of(1969, 12, 31), good.nearMiss());
        ReconResultRow other = SampleResults.row("stripe", LocalDate.of(2026, 11, 21), 2, 1);
        for (RowBinaryOutput out : List.of(rows, columns)) {
            out.startRow();
            TABLE.encode(good, out);
            out.startRow();
            assertThatThrownBy(() -> TABLE.encode(bad, out)).hasMessageContaining("outside ClickHouse's Date range");
            out.dropPartialRow();
            out.startRow();
            TABLE.encode(other, out);
            out.startRow();
            TABLE.encode(good, out);
        }
        byte[] block = columns.toBlock(byte[]::new).bytes();
        assertThat(block).isEqualTo(NativeBlock.fromRowBinary(rows.array(), rows.size(), 3, TABLE.columns(), TABLE.columnTypes()));
        assertThat(new String(block, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("worldpay", "rules-v2", "AUTHORISED");
    }

    @Test
    void dictionaryColumnsWithManyKeysGiveTheTranspositionsBytes() {
        // UInt16 and UInt32 indexes; the same column object for both batches, as the writer reuses it
        List<String> names = List.of("lc", "s");
        List<String> types = List.of("LowCardinality(String)", "String");
        NativeColumnsOutput columns = new NativeColumnsOutput(names, types);
        for (int distinct : new int[] {300, 70_000, 3}) {
            int count = distinct + 500;
            RowBinaryOutput rows = new RowBinaryOutput(64);
            columns.reset();
            for (int i = 0; i < count; i++) {
                // new String instances (not the same object twice): look-ups by value, not identity
                String key = new String("k-" + (i * 7919) % distinct);
                for (RowBinaryOutput out : List.of(rows, columns)) {
                    out.startRow();
                    out.writeString(key);
                    out.writeString("row " + i);
                }
            }
            assertThat(columns.toBlock(byte[]::new).bytes()).as(distinct + " keys")
                    .isEqualTo(NativeBlock.fromRowBinary(rows.array(), rows.size(), count, names, types));
        }
    }

    @Test
    void valuesThatDoNotMatchTheColumnTypesAreRefusedNamingWhere() {
        NativeColumnsOutput columns = new NativeColumnsOutput(List.of("s", "n"), List.of("String", "Nullable(Int64)"));
        columns.writeString("ab");
        assertThatThrownBy(() -> columns.writeInt64(5)).hasMessageContaining("row 0, column n")
                .hasMessageContaining("without its null flag");
        assertThatThrownBy(() -> columns.writeInt32(5)).hasMessageContaining("column n");
        columns.writeNullableInt64(5L);
        assertThatThrownBy(() -> columns.writeNullFlag(null)).hasMessageContaining("row 1, column s");
        assertThatThrownBy(() -> columns.writeVarUInt(2)).isInstanceOf(UnsupportedOperationException.class);
        columns.writeString("c");
        assertThatThrownBy(() -> columns.toBlock(byte[]::new)).hasMessageContaining("row 1 is incomplete");
        assertThatThrownBy(columns::toByteArray).isInstanceOf(UnsupportedOperationException.class);
    }
}
