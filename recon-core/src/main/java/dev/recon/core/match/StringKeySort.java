package dev.recon.core.match;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;

/**
 * Sorts records by a string key (then a tie-break) in exactly the order of
 * {@code Comparator.comparing(key).thenComparing(tieBreak)}, stably, on all cores. The first eight
 * characters of each key are packed into two longs once, so most comparisons read two numbers
 * held next to each other instead of following two pointers into two strings (a cache miss each on
 * a large day); equal prefixes fall back to the full comparison. Assumes keys are not null.
 */
final class StringKeySort {

    private StringKeySort() {
    }

    private record Item<T>(long hi, long lo, String key, T value) {
    }

    static <T> void sort(T[] values, Function<T, String> key, Comparator<T> tieBreak) {
        @SuppressWarnings("unchecked")
        Item<T>[] items = new Item[values.length];
        for (int i = 0; i < values.length; i++) {
            String k = key.apply(values[i]);
            items[i] = new Item<>(pack(k, 0), pack(k, 4), k, values[i]);
        }
        Comparator<Item<T>> order = (a, b) -> {
            int c = Long.compareUnsigned(a.hi, b.hi);
            if (c == 0) {
                c = Long.compareUnsigned(a.lo, b.lo);
            }
            if (c == 0) {
                c = a.key.compareTo(b.key);
            }
            return c != 0 ? c : tieBreak.compare(a.value, b.value);
        };
        Arrays.parallelSort(items, order);
        for (int i = 0; i < values.length; i++) {
            values[i] = items[i].value;
        }
    }

    /**
     * Four characters from {@code from}, 16 bits each, big-endian; a missing character is 0. A shorter
     * key then packs no greater than a longer key it is a prefix of, which is String order; when the
     * packed values are equal the caller compares the strings.
     */
    private static long pack(String s, int from) {
        long v = 0;
        for (int i = from; i < from + 4; i++) {
            v = (v << 16) | (i < s.length() ? s.charAt(i) : 0);
        }
        return v;
    }
}
