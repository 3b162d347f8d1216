package dev.recon.batch.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a staged line into its tab-separated cells and unescapes them ({@code \\}, {@code \t},
 * {@code \n}, {@code \r}; {@code \N} is null when {@code nullMark} is on). Cells without a
 * backslash, nearly all of them, are cut out of the line directly. Columns marked as repeating
 * reuse the previous row's string (per thread) when equal, so a million decoded rows do not hold a
 * million copies of the same file name, account or currency.
 */
final class StagedFields {

    private final boolean[] repeating;
    private final boolean nullMark;
    private final ThreadLocal<String[]> last;

    StagedFields(int fields, boolean nullMark, int... repeatingColumns) {
        this.repeating = new boolean[fields];
        for (int c : repeatingColumns) {
            repeating[c] = true;
        }
        this.nullMark = nullMark;
        this.last = ThreadLocal.withInitial(() -> new String[fields]);
    }

    /** The cells; an empty cell is "" (callers that read empty as null say so). */
    List<String> split(String line) {
        return split(line, null);
    }

    /** A caller's own memory of the last line's repeating cells, for {@link #split(String, String[])}. */
    String[] scratch() {
        return new String[repeating.length];
    }

    /**
     * As {@link #split(String)}, remembering repeating cells in the caller's {@code before} (from
     * {@link #scratch()}) instead of the thread's: the match step decodes a million lines on pool
     * threads, where the thread-local lookup per line was a visible share of the decode. A null
     * {@code before} means the thread's own memory.
     */
    List<String> split(String line, String[] scratch) {
        String[] before = scratch != null ? scratch : last.get();
        List<String> out = new ArrayList<>(repeating.length);
        int start = 0;
        int len = line.length();
        while (true) {
            int tab = line.indexOf('\t', start);
            int end = tab < 0 ? len : tab;
            int column = out.size();
            int slash = line.indexOf('\\', start);
            String cell;
            if (slash < 0 || slash >= end) {
                cell = plain(line, start, end, column, before);
            } else {
                cell = escaped(line, start, end);
                if (cell != null && column < repeating.length && repeating[column]) {
                    cell = reuse(cell, column, before);
                }
            }
            out.add(cell);
            if (tab < 0) {
                return out;
            }
            start = tab + 1;
        }
    }

    private String plain(String line, int start, int end, int column, String[] before) {
        if (column < repeating.length && repeating[column]) {
            String prev = before[column];
            if (prev != null && prev.length() == end - start && line.regionMatches(start, prev, 0, prev.length())) {
                return prev;
            }
            String s = line.substring(start, end);
            before[column] = s;
            return s;
        }
        return line.substring(start, end);
    }

    private static String reuse(String cell, int column, String[] before) {
        String prev = before[column];
        if (cell.equals(prev)) {
            return prev;
        }
        before[column] = cell;
        return cell;
    }

    private String escaped(String line, int start, int end) {
        if (nullMark && end - start == 2 && line.charAt(start) == '\\' && line.charAt(start + 1) == 'N') {
            return null;
        }
        StringBuilder cell = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < end) {
                char n = line.charAt(++i);
                cell.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                cell.append(c);
            }
        }
        return cell.toString();
    }

    /** {@code yyyy-MM-dd} digit by digit (what {@code LocalDate.toString} writes for years 1000-9999), else {@code LocalDate.parse}. */
    static LocalDate date(String s) {
        return date(s, 0, s.length());
    }

    /** {@link #date(String)} of {@code s[from, to)}, read in place (the match step's exact pairs read dates inside staged lines). */
    static LocalDate date(String s, int from, int to) {
        if (to - from == 10 && s.charAt(from + 4) == '-' && s.charAt(from + 7) == '-') {
            int y = digits(s, from, from + 4);
            int m = digits(s, from + 5, from + 7);
            int d = digits(s, from + 8, from + 10);
            if (y >= 0 && m >= 0 && d >= 0) {
                return LocalDate.of(y, m, d);
            }
        }
        return LocalDate.parse(s.subSequence(from, to));
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Writes {@code s} escaped for a cell (the inverse of {@link #split}); nothing for null. */
    static void appendEscaped(StringBuilder out, String s) {
        if (s == null) {
            return;
        }
        int first = firstEscaped(s);
        if (first < 0) {
            // Nearly every cell: one bulk copy instead of a char at a time (staging writes ~35 cells a row).
            out.append(s);
            return;
        }
        out.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    /** The index of the first character {@link #appendEscaped} escapes, or -1. */
    private static int firstEscaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Appends {@code d.toString()}: digit by digit for years 1000-9999 (what {@link #date(String)} reads
     * back in place), else the JDK's text. Staging writes two dates per settlement line.
     */
    static void appendDate(StringBuilder out, LocalDate d) {
        int y = d.getYear();
        if (y < 1000 || y > 9999) {
            out.append(d);
            return;
        }
        out.append(y).append('-');
        twoDigits(out, d.getMonthValue());
        out.append('-');
        twoDigits(out, d.getDayOfMonth());
    }

    static void twoDigits(StringBuilder out, int v) {
        out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
