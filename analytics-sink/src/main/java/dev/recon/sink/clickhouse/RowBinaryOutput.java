package dev.recon.sink.clickhouse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Appends values in ClickHouse's RowBinary encoding to a growable byte array: little-endian
 * integers, LEB128 length-prefixed UTF-8 strings, a null-flag byte before Nullable values.
 * LowCardinality(String) is encoded as String in RowBinary.
 *
 * <p>{@link NativeColumnsOutput} overrides the value writers to place each value straight into its
 * column of a Native block; the composite writers (dates, decimals, nullable longs) go through them.
 *
 * <p>Assumptions: the caller writes the columns in exactly the order named in the INSERT; values
 * are validated here only where a wrong value would silently store a different one (Date range,
 * Decimal scale), because a corrupt batch is rejected by the server as a whole.
 */
public class RowBinaryOutput {

    private byte[] buffer;
    private int size;
    private int rowStart;

    public RowBinaryOutput(int initialCapacity) {
        buffer = new byte[Math.max(64, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
        rowStart = 0;
    }

    /** Marks where the next row starts, so that {@link #dropPartialRow} can take back a row whose encoding failed. */
    void startRow() {
        rowStart = size;
    }

    /** Forgets whatever was written since {@link #startRow}: a row that failed half-way never reaches a batch. */
    void dropPartialRow() {
        size = rowStart;
    }

    /**
     * The buffer itself (valid up to {@link #size()}, until the next write or reset): lets a batch be
     * transposed into a Native block without first copying its RowBinary bytes.
     */
    byte[] array() {
        return buffer;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    public void writeString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarUInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    public void writeVarUInt(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[size++] = (byte) v;
    }

    public void writeUInt8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    public void writeBool(boolean value) {
        writeUInt8(value ? 1 : 0);
    }

    public void writeUInt16(int value) {
        ensure(2);
        buffer[size++] = (byte) value;
        buffer[size++] = (byte) (value >>> 8);
    }

    public void writeInt32(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    public void writeInt64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    /** {@code Date}: days since 1970-01-01 as UInt16 (1970-01-01 .. 2149-06-06). */
    public void writeDate(LocalDate date) {
        long days = date.toEpochDay();
        if (days < 0 || days > 0xFFFF) {
            throw new IllegalArgumentException("date " + date + " is outside ClickHouse's Date range 1970-01-01..2149-06-06");
        }
        writeUInt16((int) days);
    }

    /** {@code DateTime64(3)}: milliseconds since the epoch. */
    public void writeDateTime64Millis(Instant instant) {
        writeInt64(instant.toEpochMilli());
    }

    /** {@code Decimal(P, scale)} with P <= 18: the unscaled value as Int64; more digits fail. */
    public void writeDecimal64(BigDecimal value, int scale) {
        try {
            writeInt64(value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("decimal " + value.toPlainString() + " does not fit Decimal(18, " + scale + ")");
        }
    }

    /** Writes the Nullable flag; returns true when the value follows. */
    public boolean writeNullFlag(Object value) {
        writeUInt8(value == null ? 1 : 0);
        return value != null;
    }

    public void writeNullableInt64(Long value) {
        if (writeNullFlag(value)) {
            writeInt64(value);
        }
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
