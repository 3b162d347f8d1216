package dev.recon.batch.store;

import dev.recon.core.time.IsoInstant;
import java.time.Instant;

/**
 * Writes a time as {@link Instant#toString()} and reads it back. Reading a day's staged ledger
 * parses two per row, and {@code Instant.parse}'s formatter was a third of that read; the digit-by-digit
 * reader of the common shape gives the same value, anything else still goes to {@code Instant.parse}.
 */
public final class StoredInstant {

    private StoredInstant() {
    }

    public static Instant parse(String text) {
        Instant fast = IsoInstant.fast(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** 9999-12-31T23:59:59Z: up to here a time is written digit by digit (four-digit years). */
    private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

    /**
     * Appends {@code t.toString()} (ISO-8601 in UTC, seconds always, the fraction in groups of three
     * digits as needed): digit by digit from 1970 to 9999, else the JDK's text. Staging writes one or
     * two times per row, and {@code Instant.toString}'s formatter was half of the settlement staging
     * thread's time.
     */
    public static void append(StringBuilder out, Instant t) {
        long s = t.getEpochSecond();
        if (s < 0 || s > LAST_FOUR_DIGIT_YEAR_SECOND) {
            out.append(t);
            return;
        }
        long days = s / 86_400;
        int secondOfDay = (int) (s % 86_400);
        // Civil date of a day count (proleptic Gregorian, days from 1970-01-01, shifted to eras from 0000-03-01).
        long z = days + 719_468;
        long era = z / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        out.append(year).append('-');
        twoDigits(out, month);
        out.append('-');
        twoDigits(out, day);
        out.append('T');
        twoDigits(out, secondOfDay / 3_600);
        out.append(':');
        twoDigits(out, secondOfDay / 60 % 60);
        out.append(':');
        twoDigits(out, secondOfDay % 60);
        int nano = t.getNano();
        if (nano != 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(out, nano / 1_000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        out.append('Z');
    }

    private static void twoDigits(StringBuilder out, int v) {
        out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** {@code v} with leading zeros to {@code width} digits. */
    private static void digits(StringBuilder out, int v, int width) {
        for (int p = width - 1; p >= 0; p--) {
            int pow = POWERS[p];
            out.append((char) ('0' + v / pow % 10));
        }
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
}
