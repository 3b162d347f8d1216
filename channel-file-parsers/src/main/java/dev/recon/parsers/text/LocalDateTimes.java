package dev.recon.parsers.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Hand-rolled parsing of the fixed-width date shapes settlement files use
 * ({@code yyyy-MM-dd[ HH:mm[:ss]]}, also with 'T' or '/'), because DateTimeFormatter costs more than
 * the rest of an Adyen row together. Returns null for anything else so the caller can quarantine
 * with its own field name.
 */
public final class LocalDateTimes {

    private LocalDateTimes() {
    }

    public static LocalDateTime parseIsoLike(String s) {
        int n = s.length();
        if (n != 10 && n != 16 && n != 19) {
            return null;
        }
        char sep = s.charAt(4);
        if ((sep != '-' && sep != '/') || s.charAt(7) != sep) {
            return null;
        }
        int y = digits(s, 0, 4);
        int mo = digits(s, 5, 2);
        int d = digits(s, 8, 2);
        int h = 0;
        int mi = 0;
        int sec = 0;
        if (n >= 16) {
            char t = s.charAt(10);
            if ((t != ' ' && t != 'T') || s.charAt(13) != ':') {
                return null;
            }
            h = digits(s, 11, 2);
            mi = digits(s, 14, 2);
            if (n == 19) {
                if (s.charAt(16) != ':') {
                    return null;
                }
                sec = digits(s, 17, 2);
            }
        }
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(y, mo, d, h, mi, sec);
        } catch (DateTimeException e) {
            return null;
        }
    }

    public static LocalDate parseDate(String s) {
        if (s.length() != 10) {
            return null;
        }
        LocalDateTime t = parseIsoLike(s);
        return t == null ? null : t.toLocalDate();
    }

    public static Instant toInstant(LocalDateTime t, ZoneId zone) {
        if (zone instanceof ZoneOffset offset) {
            return t.toInstant(offset);
        }
        return t.atZone(zone).toInstant();
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
