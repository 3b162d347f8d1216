package dev.recon.parsers.text;

import java.nio.charset.Charset;

/**
 * Remembers the recent values of one column: settlement files repeat the same merchant account,
 * type, currency, payment method and batch row after row (often alternating between a handful),
 * so comparing bytes with a few cached entries saves a String and a parse per field on most rows.
 * Eight slots chosen by a hash of the bytes; a miss overwrites its slot.
 */
public final class FieldCache<T> {

    /** Turns the field's text into the cached value; may throw IllegalArgumentException (not cached). */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(String text);
    }

    private static final int SLOTS = 8;
    private final byte[][] keys = new byte[SLOTS][];
    private final Object[] values = new Object[SLOTS];
    private int lastSlot;

    /** The decoded value of field i, or null when the field is blank. */
    @SuppressWarnings("unchecked")
    public T get(ByteCsvReader reader, int i, Charset charset, Decoder<T> decoder) {
        if (reader.isQuoted(i)) {
            String text = reader.string(i, charset);
            return text == null ? null : decoder.decode(text);
        }
        // runs of one value (account, batch, currency) hit the last slot without hashing
        byte[] last = keys[lastSlot];
        if (last != null && reader.fieldEquals(i, last)) {
            return (T) values[lastSlot];
        }
        int slot = reader.fieldHash(i) & (SLOTS - 1);
        lastSlot = slot;
        byte[] key = keys[slot];
        if (key != null && reader.fieldEquals(i, key)) {
            return (T) values[slot];
        }
        String text = reader.string(i, charset);
        T value = text == null ? null : decoder.decode(text);
        keys[slot] = reader.bytes(i);
        values[slot] = value;
        return value;
    }
}
