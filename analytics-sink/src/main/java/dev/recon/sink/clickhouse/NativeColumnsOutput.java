package dev.recon.sink.clickhouse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Encodes rows straight into the columns of one Native block: each value a table's
 * {@link ClickHouseTable#encode} writes goes to the buffer of its column (and its null flag to the
 * column's null map), so a sealed batch is the block header plus one copy of each column. The same
 * bytes as encoding RowBinary and transposing it with {@link NativeBlock#fromRowBinary}, without
 * the RowBinary pass in between: that transposition re-read every value and copied each one on its
 * own (24-43 ms of CPU per 100k {@code recon_results} rows, docs/benchmarks.md session 4).
 *
 * <p>A {@code LowCardinality(String)} column keeps the batch's distinct values once (their bytes in the
 * column's buffer) and one index per row ({@link NativeBlock#writeLowCardinality}): a value the column
 * has seen is a look-up, by identity first, since producers hand over the same constant instances
 * (statuses, modes, currencies, rule names).
 *
 * <p>Column buffers are kept between batches ({@link #reset}), so after the first batch they no
 * longer grow. Checks as the transposition did: a value of the wrong width for its column (or a
 * null flag on a column that is not Nullable) throws {@link IllegalArgumentException} naming the
 * row and column. Types as {@link NativeBlock#supports}; no arrays ({@link #writeVarUInt} throws).
 * Not thread-safe.
 */
final class NativeColumnsOutput extends RowBinaryOutput {

    /** One little-endian store per value instead of a store per byte (C2 in JDK 17 does not merge byte stores). */
    private static final VarHandle INT64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** Dictionaries up to this many keys are searched by a scan (identity, then equals) before the hash map. */
    private static final int SCANNED_KEYS = 8;

    private final List<String> names;
    private final NativeBlock.Kind[] kinds;
    private final boolean[] nullable;
    private final byte[][] headers;
    private final byte[][] values;
    private final int[] valueSizes;
    private final byte[][] nullMaps;
    private final int[] nullMapSizes;
    private final int[] rowStartValueSizes;
    /** Per {@code LowCardinality(String)} column (null for others): this batch's keys and their indexes. */
    private final Map<String, Integer>[] dictionaries;
    private final String[][] keys;
    private final int[] keyCounts;
    /**
     * Row indexes as bytes while the column has at most 256 keys (the usual case: a quarter of the memory the
     * writes go to), as ints ({@link #wideIndexes}) from the 257th key of a batch on.
     */
    private final byte[][] indexes;
    private final int[][] wideIndexes;
    private final boolean[] wide;
    private final String[] lastKey;
    private final int[] lastIndex;
    private final int[] rowStartKeyCounts;
    private int column;
    private boolean valueAfterFlag;
    private int rows;

    NativeColumnsOutput(List<String> names, List<String> types) {
        super(0);
        if (names.size() != types.size() || names.isEmpty()) {
            throw new IllegalArgumentException(names.size() + " column names but " + types.size() + " types");
        }
        int columns = names.size();
        this.names = List.copyOf(names);
        this.kinds = new NativeBlock.Kind[columns];
        this.nullable = new boolean[columns];
        this.headers = new byte[columns][];
        this.values = new byte[columns][];
        this.valueSizes = new int[columns];
        this.nullMaps = new byte[columns][];
        this.nullMapSizes = new int[columns];
        this.rowStartValueSizes = new int[columns];
        this.dictionaries = NativeBlock.newDictionaries(columns);
        this.keys = new String[columns][];
        this.keyCounts = new int[columns];
        this.indexes = new byte[columns][];
        this.wideIndexes = new int[columns][];
        this.wide = new boolean[columns];
        this.lastKey = new String[columns];
        this.lastIndex = new int[columns];
        this.rowStartKeyCounts = new int[columns];
        for (int c = 0; c < columns; c++) {
            String type = types.get(c);
            nullable[c] = type.startsWith("Nullable(");
            kinds[c] = NativeBlock.kind(type);
            headers[c] = NativeBlock.columnHeader(names.get(c), NativeBlock.nativeType(type));
            values[c] = new byte[1024];
            nullMaps[c] = nullable[c] ? new byte[256] : null;
            if (NativeBlock.isLowCardinalityString(type)) {
                dictionaries[c] = new HashMap<>();
                keys[c] = new String[16];
                indexes[c] = new byte[256];
            }
        }
    }

    /** Complete rows written since the last {@link #reset}. */
    int rows() {
        return rows;
    }

    /** Bytes of column values written so far (no headers, no null maps; a dictionary column's keys, not its indexes). */
    @Override
    public int size() {
        int total = 0;
        for (int size : valueSizes) {
            total += size;
        }
        return total;
    }

    @Override
    public void reset() {
        Arrays.fill(valueSizes, 0);
        Arrays.fill(nullMapSizes, 0);
        for (int c = 0; c < dictionaries.length; c++) {
            if (dictionaries[c] != null) {
                // every block carries its own dictionary
                dictionaries[c].clear();
                Arrays.fill(keys[c], 0, keyCounts[c], null);
                keyCounts[c] = 0;
                lastKey[c] = null;
                wide[c] = false;
            }
        }
        column = 0;
        valueAfterFlag = false;
        rows = 0;
    }

    @Override
    void startRow() {
        if (column != 0 || valueAfterFlag) {
            throw new IllegalStateException("row " + rows + " is incomplete: column " + names.get(column) + " is next");
        }
        // nothing to copy here: each value write records where its column stood before it (rowStartValueSizes,
        // rowStartKeyCounts), which dropPartialRow restores for the columns this row reached; copying all 36
        // sizes twice per row was ~3% of the writer's main thread (docs/benchmarks.md, session 9)
    }

    @Override
    void dropPartialRow() {
        // columns 0..column-1 hold a value of this row; the next column may hold its null flag only
        for (int c = 0; c < column; c++) {
            valueSizes[c] = rowStartValueSizes[c];
            if (nullable[c]) {
                nullMapSizes[c]--;
            }
            if (dictionaries[c] != null) {
                // a key first seen in the refused row leaves the dictionary (its bytes went with valueSizes above)
                while (keyCounts[c] > rowStartKeyCounts[c]) {
                    dictionaries[c].remove(keys[c][--keyCounts[c]]);
                    keys[c][keyCounts[c]] = null;
                }
                lastKey[c] = null;
            }
        }
        if (valueAfterFlag) {
            nullMapSizes[column]--;
        }
        column = 0;
        valueAfterFlag = false;
    }

    /**
     * The block of the rows written since the last {@link #reset}, in an array from {@code arrayOfAtLeast}
     * (asked for the exact length; a longer, reused array is overwritten up to that length).
     */
    NativeBlock.Block toBlock(IntFunction<byte[]> arrayOfAtLeast) {
        if (column != 0 || valueAfterFlag) {
            throw new IllegalStateException("row " + rows + " is incomplete: column " + names.get(column) + " is next");
        }
        int columns = kinds.length;
        long total = NativeBlock.varUIntSize(columns) + NativeBlock.varUIntSize(rows);
        for (int c = 0; c < columns; c++) {
            total += headers[c].length + nullMapSizes[c] + (dictionaries[c] == null ? valueSizes[c]
                    : NativeBlock.lowCardinalitySize(valueSizes[c], keyCounts[c], rows));
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a Native block of " + total + " bytes is too large: send smaller batches");
        }
        byte[] block = arrayOfAtLeast.apply((int) total);
        if (block.length < total) {
            throw new IllegalStateException("asked for a block buffer of " + total + " bytes, got " + block.length);
        }
        int pos = NativeBlock.writeVarUInt(block, 0, columns);
        pos = NativeBlock.writeVarUInt(block, pos, rows);
        for (int c = 0; c < columns; c++) {
            System.arraycopy(headers[c], 0, block, pos, headers[c].length);
            pos += headers[c].length;
            if (nullable[c]) {
                System.arraycopy(nullMaps[c], 0, block, pos, nullMapSizes[c]);
                pos += nullMapSizes[c];
            }
            if (dictionaries[c] != null) {
                pos = NativeBlock.writeLowCardinality(block, pos, values[c], 0, valueSizes[c], keyCounts[c],
                        wide[c] ? wideIndexes[c] : null, indexes[c], rows);
                continue;
            }
            System.arraycopy(values[c], 0, block, pos, valueSizes[c]);
            pos += valueSizes[c];
        }
        return new NativeBlock.Block(block, (int) total);
    }

    /** Not available: the rows exist only as columns. */
    @Override
    public byte[] toByteArray() {
        throw new UnsupportedOperationException("rows encoded as Native columns have no RowBinary form; use toBlock");
    }

    @Override
    public void writeString(String value) {
        // getBytes: on strings a producer has just built it beat a char-by-char ASCII copy (18 vs 21 ms of
        // CPU per 100k rows, docs/benchmarks.md session 6); its arrays die young
        int c = valueColumn(NativeBlock.Kind.STRING);
        if (dictionaries[c] != null) {
            writeDictionaryIndex(c, value);
            return;
        }
        appendString(c, value);
        nextColumn();
    }

    /** The row's index into column {@code c}'s dictionary; a value first seen in this batch becomes a key. */
    private void writeDictionaryIndex(int c, String value) {
        rowStartValueSizes[c] = valueSizes[c];
        rowStartKeyCounts[c] = keyCounts[c];
        int index;
        if (value == lastKey[c]) {
            index = lastIndex[c];
        } else {
            index = keyIndex(c, value);
            if (index < 0) {
                index = keyCounts[c];
                if (index == keys[c].length) {
                    keys[c] = Arrays.copyOf(keys[c], index * 2);
                }
                keys[c][index] = value;
                keyCounts[c] = index + 1;
                dictionaries[c].put(value, index);
                appendString(c, value);
            }
            lastKey[c] = value;
            lastIndex[c] = index;
        }
        if (index > 0xFF && !wide[c]) {
            widen(c);
        }
        if (wide[c]) {
            int[] ix = wideIndexes[c];
            if (rows == ix.length) {
                ix = Arrays.copyOf(ix, ix.length * 2);
                wideIndexes[c] = ix;
            }
            ix[rows] = index;
        } else {
            byte[] ix = indexes[c];
            if (rows == ix.length) {
                ix = Arrays.copyOf(ix, ix.length * 2);
                indexes[c] = ix;
            }
            ix[rows] = (byte) index;
        }
        nextColumn();
    }

    /** Column {@code c}'s 257th key of the batch: its byte indexes so far become ints. */
    private void widen(int c) {
        int[] ix = wideIndexes[c];
        if (ix == null || ix.length <= rows) {
            ix = new int[Math.max(indexes[c].length, rows + 1)];
            wideIndexes[c] = ix;
        }
        byte[] narrow = indexes[c];
        for (int r = 0; r < rows; r++) {
            ix[r] = narrow[r] & 0xFF;
        }
        wide[c] = true;
    }

    /**
     * The index of {@code value} among column {@code c}'s keys, or -1. A handful of keys is the usual case (statuses,
     * modes, currencies): scanning them by identity, then by equals, is cheaper than hashing a value that arrives as a
     * new String instance every row (a channel name the producer parsed), which the hash map is left for.
     */
    private int keyIndex(int c, String value) {
        String[] known = keys[c];
        int count = keyCounts[c];
        if (count <= SCANNED_KEYS) {
            for (int i = 0; i < count; i++) {
                if (known[i] == value) {
                    return i;
                }
            }
            for (int i = 0; i < count; i++) {
                if (known[i].equals(value)) {
                    return i;
                }
            }
            return -1;
        }
        Integer index = dictionaries[c].get(value);
        return index == null ? -1 : index;
    }

    /** LEB128 length and UTF-8 bytes of {@code value} at the end of column {@code c}'s buffer. */
    private void appendString(int c, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] to = room(c, 5 + bytes.length);
        int p = valueSizes[c];
        int length = bytes.length;
        while ((length & ~0x7F) != 0) {
            to[p++] = (byte) ((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        to[p++] = (byte) length;
        System.arraycopy(bytes, 0, to, p, bytes.length);
        valueSizes[c] = p + bytes.length;
    }

    @Override
    public void writeVarUInt(long value) {
        throw new UnsupportedOperationException("column " + names.get(column)
                + ": arrays are not supported in Native blocks; the table must be sent as RowBinary");
    }

    @Override
    public void writeUInt8(int value) {
        int c = valueColumn(NativeBlock.Kind.BYTE);
        byte[] to = room(c, 1);
        to[valueSizes[c]++] = (byte) value;
        nextColumn();
    }

    @Override
    public void writeUInt16(int value) {
        int c = valueColumn(NativeBlock.Kind.SHORT);
        byte[] to = room(c, 2);
        int p = valueSizes[c];
        INT16.set(to, p, (short) value);
        valueSizes[c] = p + 2;
        nextColumn();
    }

    @Override
    public void writeInt32(int value) {
        int c = valueColumn(NativeBlock.Kind.INT);
        byte[] to = room(c, 4);
        int p = valueSizes[c];
        INT32.set(to, p, value);
        valueSizes[c] = p + 4;
        nextColumn();
    }

    @Override
    public void writeInt64(long value) {
        int c = valueColumn(NativeBlock.Kind.LONG);
        byte[] to = room(c, 8);
        int p = valueSizes[c];
        INT64.set(to, p, value);
        valueSizes[c] = p + 8;
        nextColumn();
    }

    @Override
    public boolean writeNullFlag(Object value) {
        int c = column;
        if (!nullable[c] || valueAfterFlag) {
            throw new IllegalArgumentException("row " + rows + ", column " + names.get(c) + ": a null flag where "
                    + (valueAfterFlag ? "its value" : "a value") + " was expected: the row does not match the column types");
        }
        if (nullMapSizes[c] == nullMaps[c].length) {
            nullMaps[c] = Arrays.copyOf(nullMaps[c], nullMaps[c].length * 2);
        }
        nullMaps[c][nullMapSizes[c]++] = (byte) (value == null ? 1 : 0);
        if (value != null) {
            valueAfterFlag = true;
            return true;
        }
        // a null stores its type's default value in the column: "" or zero
        int width = kinds[c] == NativeBlock.Kind.STRING ? 1 : kinds[c].width;
        byte[] to = room(c, width);
        Arrays.fill(to, valueSizes[c], valueSizes[c] + width, (byte) 0);
        valueSizes[c] += width;
        nextColumn();
        return false;
    }

    /** The column the next value belongs to, checked against the kind of value being written. */
    private int valueColumn(NativeBlock.Kind kind) {
        int c = column;
        if (kinds[c] != kind || nullable[c] && !valueAfterFlag) {
            throw new IllegalArgumentException("row " + rows + ", column " + names.get(c) + ": "
                    + (kinds[c] != kind ? "a " + kind + " value for a " + kinds[c] + " column" : "a value without its null flag")
                    + ": the row does not match the column types");
        }
        return c;
    }

    /** Column {@code c}'s buffer with room for {@code extra} more bytes; records where the column stood for {@link #dropPartialRow}. */
    private byte[] room(int c, int extra) {
        rowStartValueSizes[c] = valueSizes[c];
        byte[] to = values[c];
        if (valueSizes[c] + extra > to.length) {
            to = Arrays.copyOf(to, Math.max(to.length * 2, valueSizes[c] + extra));
            values[c] = to;
        }
        return to;
    }

    private void nextColumn() {
        valueAfterFlag = false;
        if (++column == kinds.length) {
            column = 0;
            rows++;
        }
    }
}
