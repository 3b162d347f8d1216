package dev.recon.parsers.text;

import java.nio.charset.Charset;

/**
 * Remembers the values of one column: settlement files repeat the same merchant account, type,
 * currency, payment method and batch row after row (alternating between a handful), so comparing
 * bytes with a cached entry saves a String and a parse per field on most rows.
 *
 * <p>64 slots, open addressing with up to 4 probes, keyed by the field's length and first 7 bytes
 * packed into a long and its next 8 bytes in a second long (two compares for values of up to 15
 * bytes: currencies, types, merchant accounts), the remaining bytes compared only on a match of
 * both. When all probed slots are taken, a miss overwrites the first: memory stays bounded
 * whatever the file holds.
 */
public final class FieldCache<T> {

    /** Turns the field's text into the cached value; may throw IllegalArgumentException (not cached). */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(String text);
    }

    private static final int SLOTS = 64;
    private static final int PROBES = 4;
    private final long[] prefixes = new long[SLOTS];
    private final long[] seconds = new long[SLOTS];
    private final byte[][] keys = new byte[SLOTS][];
    private final Object[] values = new Object[SLOTS];

    /** The decoded value of field i, or null when the field is blank. */
    @SuppressWarnings("unchecked")
    public T get(ByteCsvReader reader, int i, Charset charset, Decoder<T> decoder) {
        if (reader.isQuoted(i)) {
            String text = reader.string(i, charset);
            return text == null ? null : decoder.decode(text);
        }
        long prefix = reader.fieldPrefix(i);
        long second = reader.fieldSecondWord(i);
        int home = (int) (((prefix ^ second * 0xC2B2AE3D27D4EB4FL) * 0x9E3779B97F4A7C15L) >>> 58);
        // the prefix's top byte is the length (capped at 255): up to 15 bytes the two words are the whole field
        boolean whole = prefix >>> 56 <= 15;
        int free = -1;
        for (int k = 0; k < PROBES; k++) {
            int slot = (home + k) & (SLOTS - 1);
            byte[] key = keys[slot];
            if (key == null) {
                free = slot;
                break;
            }
            if (prefixes[slot] == prefix && seconds[slot] == second && (whole || reader.fieldEqualsAfterPrefix(i, key))) {
                return (T) values[slot];
            }
        }
        String text = reader.string(i, charset);
        T value = text == null ? null : decoder.decode(text);
        int slot = free >= 0 ? free : home;
        prefixes[slot] = prefix;
        seconds[slot] = second;
        keys[slot] = reader.bytes(i);
        values[slot] = value;
        return value;
    }
}
