package dev.recon.sink.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Turns a batch of RowBinary rows into one block of ClickHouse's {@code Native} format (column
 * after column), which the server parses about five times cheaper than RowBinary: measured on the
 * test kit's engine, parsing 100k {@code recon_results} rows cost 0.6 s of CPU as RowBinary and
 * 0.1 s as Native, and the whole insert about half (docs/benchmarks.md). The tables keep encoding
 * rows one by one (RowBinary, {@link ClickHouseTable#encode}); this transposes the finished batch.
 *
 * <p>Supported column types: {@code String}, {@code LowCardinality(String)} (sent as a dictionary of
 * the batch's distinct values plus one index per row, {@link #writeLowCardinality}), {@code UInt8},
 * {@code UInt16}, {@code Int32}, {@code UInt64}, {@code Int64}, {@code Date}, {@code DateTime64(p[, tz])},
 * {@code Decimal(p<=18, s)}, and {@code Nullable} of those (other LowCardinality types are sent as
 * their plain type, which the server converts on insert). Native over HTTP has no per-column
 * serialization header (protocol revision 0).
 *
 * <p>Assumption: the RowBinary bytes are well formed for {@code types}; a mismatch throws
 * {@link IllegalArgumentException} naming the row and column rather than sending garbage.
 */
public final class NativeBlock {

    private NativeBlock() {
    }

    /** Kinds of column values and their RowBinary/Native width (0: a length-prefixed string). */
    enum Kind {
        STRING(0), BYTE(1), SHORT(2), INT(4), LONG(8);

        final int width;

        Kind(int width) {
            this.width = width;
        }
    }

    /** Whether every type is one {@link #fromRowBinary} can transpose. */
    public static boolean supports(List<String> types) {
        try {
            for (String type : types) {
                kind(type);
            }
            return !types.isEmpty();
        } catch (IllegalArgumentException unsupported) {
            return false;
        }
    }

    /**
     * @param rowBinary  {@code rowCount} rows in RowBinary, columns in the order of {@code names}
     * @param types      the table's column types, in the same order
     * @return the Native block: column count, row count, then per column its name, type and values
     */
    public static byte[] fromRowBinary(byte[] rowBinary, int length, int rowCount, List<String> names, List<String> types) {
        return fromRowBinary(rowBinary, length, rowCount, names, types, byte[]::new).bytes();
    }

    /** A block in the first {@code length} bytes of {@code bytes} (the array may be longer: a reused buffer). */
    public record Block(byte[] bytes, int length) {
    }

    /**
     * As {@link #fromRowBinary(byte[], int, int, List, List)}, into an array from {@code arrayOfAtLeast}
     * (asked for the block's exact length; it may return a longer array, e.g. a buffer of an earlier
     * batch, whose old content is overwritten up to that length), so a writer can reuse its block
     * buffers instead of allocating a 30-40 MB array per batch.
     */
    public static Block fromRowBinary(byte[] rowBinary, int length, int rowCount, List<String> names, List<String> types,
                                      IntFunction<byte[]> arrayOfAtLeast) {
        int columns = names.size();
        if (types.size() != columns) {
            throw new IllegalArgumentException(names.size() + " column names but " + types.size() + " types");
        }
        Kind[] kinds = new Kind[columns];
        boolean[] nullable = new boolean[columns];
        // LowCardinality(String): the batch's distinct values in order of first use (as ISO-8859-1 text, one
        // char per byte, so equal keys are equal bytes) and each row's index into them
        java.util.Map<String, Integer>[] dictionaries = newDictionaries(columns);
        int[][] indexes = new int[columns][];
        for (int c = 0; c < columns; c++) {
            nullable[c] = types.get(c).startsWith("Nullable(");
            kinds[c] = kind(types.get(c));
            if (isLowCardinalityString(types.get(c))) {
                dictionaries[c] = new java.util.HashMap<>();
                indexes[c] = new int[rowCount];
            }
        }
        // Two passes over the rows instead of growable column buffers: the first validates the batch and
        // sizes every column, so the block is allocated once at its exact size and the second pass copies
        // each value straight to its place. Growing and concatenating per-column buffers was the writer's
        // largest cost after encoding (about a third of its CPU per batch, docs/benchmarks.md session 4).
        long[] valueBytes = new long[columns];
        int at = 0;
        for (int row = 0; row < rowCount; row++) {
            for (int c = 0; c < columns; c++) {
                if (nullable[c]) {
                    if (at >= length) {
                        throw truncated(row, names.get(c));
                    }
                    if (rowBinary[at++] != 0) {
                        valueBytes[c] += kinds[c] == Kind.STRING ? 1 : kinds[c].width; // the default value
                        continue;
                    }
                }
                int end = valueEnd(rowBinary, at, length, kinds[c], row, names.get(c));
                if (dictionaries[c] != null) {
                    String key = new String(rowBinary, at, end - at, StandardCharsets.ISO_8859_1);
                    Integer index = dictionaries[c].get(key);
                    if (index == null) {
                        index = dictionaries[c].size();
                        dictionaries[c].put(key, index);
                        valueBytes[c] += end - at; // the key, once
                    }
                    indexes[c][row] = index;
                } else {
                    valueBytes[c] += end - at;
                }
                at = end;
            }
        }
        if (at != length) {
            throw new IllegalArgumentException("RowBinary batch has " + (length - at) + " bytes after its " + rowCount
                    + " rows: the rows do not match the column types");
        }
        byte[][] headers = new byte[columns][];
        long total = varUIntSize(columns) + varUIntSize(rowCount);
        for (int c = 0; c < columns; c++) {
            headers[c] = columnHeader(names.get(c), nativeType(types.get(c)));
            total += headers[c].length + (nullable[c] ? rowCount : 0) + (dictionaries[c] == null ? valueBytes[c]
                    : lowCardinalitySize((int) valueBytes[c], dictionaries[c].size(), rowCount));
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a Native block of " + total + " bytes is too large: send smaller batches");
        }
        byte[] block = arrayOfAtLeast.apply((int) total);
        if (block.length < total) {
            throw new IllegalStateException("asked for a block buffer of " + total + " bytes, got " + block.length);
        }
        int[] nullsAt = new int[columns];
        int[] valuesAt = new int[columns];
        int pos = writeVarUInt(block, 0, columns);
        pos = writeVarUInt(block, pos, rowCount);
        for (int c = 0; c < columns; c++) {
            System.arraycopy(headers[c], 0, block, pos, headers[c].length);
            pos += headers[c].length;
            nullsAt[c] = pos;
            pos += nullable[c] ? rowCount : 0;
            if (dictionaries[c] != null) {
                // the keys go where writeLowCardinality puts them, after the version, flags and key count;
                // the indexes are written once every key is in place
                valuesAt[c] = pos + 24;
                pos += (int) lowCardinalitySize((int) valueBytes[c], dictionaries[c].size(), rowCount);
            } else {
                valuesAt[c] = pos;
                pos += (int) valueBytes[c];
            }
        }
        int[] keysWritten = new int[columns];
        at = 0;
        for (int row = 0; row < rowCount; row++) {
            for (int c = 0; c < columns; c++) {
                if (nullable[c]) {
                    // every byte is written: a reused buffer holds an earlier batch's bytes
                    if (rowBinary[at++] != 0) {
                        block[nullsAt[c] + row] = 1;
                        int defaultWidth = kinds[c] == Kind.STRING ? 1 : kinds[c].width; // "" or zero
                        Arrays.fill(block, valuesAt[c], valuesAt[c] + defaultWidth, (byte) 0);
                        valuesAt[c] += defaultWidth;
                        continue;
                    }
                    block[nullsAt[c] + row] = 0;
                }
                int end = valueEnd(rowBinary, at, length, kinds[c], row, names.get(c));
                int n = end - at;
                if (dictionaries[c] == null || indexes[c][row] == keysWritten[c]) {
                    // a plain value, or a dictionary key at its first use
                    System.arraycopy(rowBinary, at, block, valuesAt[c], n);
                    valuesAt[c] += n;
                    keysWritten[c]++;
                }
                at = end;
            }
        }
        for (int c = 0; c < columns; c++) {
            if (dictionaries[c] != null) {
                int keysStart = nullsAt[c] + 24;
                writeLowCardinality(block, nullsAt[c], block, keysStart, valuesAt[c] - keysStart, dictionaries[c].size(),
                        indexes[c], rowCount);
            }
        }
        return new Block(block, (int) total);
    }

    /** Where the value of {@code kind} starting at {@code at} ends (a string: its LEB128 length, then its bytes). */
    private static int valueEnd(byte[] rowBinary, int at, int length, Kind kind, int row, String column) {
        if (kind != Kind.STRING) {
            if (at + kind.width > length) {
                throw truncated(row, column);
            }
            return at + kind.width;
        }
        long len = 0;
        int shift = 0;
        int p = at;
        while (true) {
            if (p >= length || shift > 35) {
                throw truncated(row, column);
            }
            byte b = rowBinary[p++];
            len |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (len > length - p) {
            throw truncated(row, column);
        }
        return p + (int) len;
    }

    static byte[] columnHeader(String name, String type) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[varUIntSize(n.length) + n.length + varUIntSize(t.length) + t.length];
        int pos = writeVarUInt(header, 0, n.length);
        System.arraycopy(n, 0, header, pos, n.length);
        pos = writeVarUInt(header, pos + n.length, t.length);
        System.arraycopy(t, 0, header, pos, t.length);
        return header;
    }

    static int varUIntSize(long value) {
        int size = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            size++;
        }
        return size;
    }

    static int writeVarUInt(byte[] to, int pos, long value) {
        long v = value;
        int p = pos;
        while ((v & ~0x7FL) != 0) {
            to[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        to[p++] = (byte) v;
        return p;
    }

    /** {@code LowCardinality(String)}, the one LowCardinality type sent as a dictionary. */
    static boolean isLowCardinalityString(String type) {
        return type.strip().equals("LowCardinality(String)");
    }

    /** One slot per column for a {@code LowCardinality(String)} column's dictionary (null for the others). */
    @SuppressWarnings("unchecked")
    static java.util.Map<String, Integer>[] newDictionaries(int columns) {
        return (java.util.Map<String, Integer>[]) new java.util.Map<?, ?>[columns];
    }

    /** Bytes of a {@code LowCardinality(String)} column's data: see {@link #writeLowCardinality}. */
    static long lowCardinalitySize(int keyBytes, int keyCount, int rows) {
        return 8 + 8 + 8 + keyBytes + 8 + (long) rows * indexWidth(keyCount);
    }

    /** Bytes per row index for a dictionary of {@code keyCount} keys: 1, 2 or 4. */
    static int indexWidth(int keyCount) {
        return keyCount <= 0x100 ? 1 : keyCount <= 0x10000 ? 2 : 4;
    }

    /**
     * Writes a {@code LowCardinality(String)} column's data as ClickHouse's Native format has it: the
     * serialization version (UInt64 1, shared dictionaries with additional keys), the index type with the
     * "has additional keys" flag (UInt64: UInt8/16/32 indexes = 0/1/2, | 1 << 9), the number of keys
     * (UInt64), the keys as a String column, the number of rows (UInt64), then one index per row into the
     * keys. The keys are this block's own distinct values in any order (the server maps them into its
     * dictionary). Sent this way instead of as plain strings, each of the table's eleven enumeration-like
     * columns costs the writer, the request and the server's parser one byte a row instead of the value's
     * length plus one, and the server no longer builds the dictionary from strings on every insert.
     *
     * @param keys      the keys' bytes (LEB128 length + UTF-8 each), {@code keyBytes} of them from {@code keysAt};
     *                  may already be in place at {@code pos + 24} of {@code to}
     * @return the position after the column's data
     */
    static int writeLowCardinality(byte[] to, int pos, byte[] keys, int keysAt, int keyBytes, int keyCount,
                                   int[] indexes, int rows) {
        return writeLowCardinality(to, pos, keys, keysAt, keyBytes, keyCount, indexes, null, rows);
    }

    /**
     * As above, the row indexes given either as ints or, for at most 256 keys, as bytes ({@code indexes} null):
     * byte indexes are copied as they are.
     */
    static int writeLowCardinality(byte[] to, int pos, byte[] keys, int keysAt, int keyBytes, int keyCount,
                                   int[] indexes, byte[] byteIndexes, int rows) {
        int width = indexWidth(keyCount);
        int p = writeUInt64(to, pos, 1);
        p = writeUInt64(to, p, (width == 1 ? 0 : width == 2 ? 1 : 2) | 1L << 9);
        p = writeUInt64(to, p, keyCount);
        if (keys != to || keysAt != p) {
            System.arraycopy(keys, keysAt, to, p, keyBytes);
        }
        p = writeUInt64(to, p + keyBytes, rows);
        if (indexes == null) {
            if (width != 1) {
                throw new IllegalStateException(keyCount + " keys need wider indexes than bytes");
            }
            System.arraycopy(byteIndexes, 0, to, p, rows);
            return p + rows;
        }
        if (width == 1) {
            for (int r = 0; r < rows; r++) {
                to[p++] = (byte) indexes[r];
            }
        } else if (width == 2) {
            for (int r = 0; r < rows; r++) {
                to[p++] = (byte) indexes[r];
                to[p++] = (byte) (indexes[r] >>> 8);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < 4; i++) {
                    to[p++] = (byte) (indexes[r] >>> (8 * i));
                }
            }
        }
        return p;
    }

    private static int writeUInt64(byte[] to, int pos, long value) {
        for (int i = 0; i < 8; i++) {
            to[pos + i] = (byte) (value >>> (8 * i));
        }
        return pos + 8;
    }

    /** The type named in the block: LowCardinality other than {@code LowCardinality(String)} is sent as its plain type. */
    static String nativeType(String type) {
        String t = type.strip();
        if (t.startsWith("LowCardinality(") && t.endsWith(")") && !isLowCardinalityString(t)) {
            return t.substring("LowCardinality(".length(), t.length() - 1);
        }
        return t;
    }

    static Kind kind(String type) {
        String t = isLowCardinalityString(type) ? "String" : nativeType(type);
        if (t.startsWith("Nullable(") && t.endsWith(")")) {
            t = nativeType(t.substring("Nullable(".length(), t.length() - 1));
        }
        if (t.equals("String")) {
            return Kind.STRING;
        }
        if (t.equals("UInt8") || t.equals("Int8") || t.equals("Bool")) {
            return Kind.BYTE;
        }
        if (t.equals("UInt16") || t.equals("Int16") || t.equals("Date")) {
            return Kind.SHORT;
        }
        if (t.equals("UInt32") || t.equals("Int32") || t.equals("Date32") || t.startsWith("DateTime(") || t.equals("DateTime")) {
            return Kind.INT;
        }
        if (t.equals("UInt64") || t.equals("Int64") || t.startsWith("DateTime64(")) {
            return Kind.LONG;
        }
        if (t.startsWith("Decimal(")) {
            int precision = Integer.parseInt(t.substring("Decimal(".length(), t.indexOf(',')).strip());
            if (precision <= 9) {
                return Kind.INT;
            }
            if (precision <= 18) {
                return Kind.LONG;
            }
        }
        throw new IllegalArgumentException("column type " + type + " is not supported by the Native block encoder");
    }

    private static IllegalArgumentException truncated(int row, String column) {
        return new IllegalArgumentException("RowBinary batch ends inside row " + row + ", column " + column
                + ": the rows do not match the column types");
    }
}
