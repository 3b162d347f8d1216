package dev.recon.parsers.text;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An RFC 4180 CSV tokenizer over raw bytes, for the settlement reports that must parse at hundreds
 * of MB/s (Adyen). Why not FastCSV here: a general reader decodes every byte to a char and builds a
 * String for every field, while an Adyen row has up to 47 columns of which we use about 15 and most
 * are amounts that can be read straight from the bytes. This reader only records field boundaries;
 * callers materialise what they need ({@link #string}, {@link #minorUnits}).
 *
 * <p>Works for every ASCII-compatible encoding (UTF-8, ISO-8859-1, windows-1252) because the
 * delimiters are ASCII; text is decoded per field with the given charset. A UTF-8 BOM is skipped.
 * Quoted fields may contain separators, doubled quotes and line breaks; characters after a closing
 * quote are kept (lenient, as FastCSV's allowExtraCharsAfterClosingQuote); an unclosed quote runs
 * to the end of input. Empty lines are skipped. A record longer than {@code maxRecordBytes} throws
 * {@link RecordTooLargeException}: memory stays bounded on corrupt input.
 */
public final class ByteCsvReader implements Closeable {

    /** A record exceeds the configured maximum: the file cannot be tokenised safely. */
    public static final class RecordTooLargeException extends IOException {
        private final long line;

        RecordTooLargeException(long line, int max) {
            super("record starting at line " + line + " is longer than " + max + " bytes");
            this.line = line;
        }

        public long line() {
            return line;
        }
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONGS_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final long LOW_ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long BELOW_0E = 0x0E0E0E0E0E0E0E0EL;

    private final long separatorMask;
    private final InputStream in;
    private final byte separator;
    /** Bytes that end an unquoted field: the separator, CR, LF (one table load per byte instead of three compares). */
    private final boolean[] fieldEnd = new boolean[256];
    private final int maxRecordBytes;
    private byte[] buf;
    private int limit;
    private int recordStart;
    private int recordEnd;
    private boolean eof;
    private long nextLine = 1;
    private long recordLine;
    /**
     * Field boundaries of the current record: field i is the bytes after {@code bounds[i]} up to
     * {@code bounds[i + 1]}; {@code bounds[0]} is the byte before the record (a virtual separator),
     * every other entry a separator's or the line end's position. One array and one store per
     * field: a field starts right after the previous one's separator.
     */
    private int[] bounds = new int[65];
    private boolean[] quoted = new boolean[64];
    private int count;
    private boolean first = true;

    public ByteCsvReader(InputStream in, char separator, int maxRecordBytes) {
        this.in = in;
        this.separator = (byte) separator;
        this.separatorMask = LOW_ONES * (separator & 0xFF);
        this.maxRecordBytes = maxRecordBytes;
        this.buf = new byte[Math.min(1 << 20, maxRecordBytes)];
        fieldEnd[separator & 0xFF] = true;
        fieldEnd['\n'] = true;
        fieldEnd['\r'] = true;
    }

    /** Advances to the next non-empty record; false at end of input. */
    public boolean next() throws IOException {
        while (true) {
            recordStart = recordEnd;
            if (!scan()) {
                return false;
            }
            if (!(count == 1 && bounds[0] + 1 == bounds[1] && !quoted[0])) {
                return true;
            }
            // an empty line: skip it
        }
    }

    /** 1-based line number where the current record starts. */
    public long line() {
        return recordLine;
    }

    public int fieldCount() {
        return count;
    }

    public boolean isBlank(int i) {
        for (int p = bounds[i] + 1; p < bounds[i + 1]; p++) {
            if (buf[p] != ' ') {
                return false;
            }
        }
        return true;
    }

    /** The field's text, unquoted and trimmed of surrounding spaces; null when blank. */
    public String string(int i, Charset charset) {
        int s = bounds[i] + 1;
        int e = bounds[i + 1];
        while (s < e && buf[s] == ' ') {
            s++;
        }
        while (e > s && buf[e - 1] == ' ') {
            e--;
        }
        if (s == e) {
            return null;
        }
        if (quoted[i]) {
            String u = unescape(bounds[i] + 1, bounds[i + 1], charset).strip();
            return u.isEmpty() ? null : u;
        }
        return new String(buf, s, e - s, charset);
    }

    /** True when field i holds exactly the given ASCII text (no allocation: caches compare with it). */
    public boolean fieldEquals(int i, byte[] ascii) {
        int s = bounds[i] + 1;
        int len = bounds[i + 1] - s;
        if (quoted[i] || len != ascii.length) {
            return false;
        }
        // a plain loop: the fields compared here are a few bytes long, where Arrays.equals' range
        // checks and vectorised mismatch cost more than the comparison (seen in the profile)
        byte[] b = buf;
        for (int k = 0; k < len; k++) {
            if (b[s + k] != ascii[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Field i as a local date-time in {@code yyyy-MM-dd HH:mm:ss} read straight from the bytes:
     * returns seconds of the day in the low 17 bits and the epoch day above them, or -1 when the
     * field has another shape (the caller then falls back to the text path and its error message).
     */
    public long isoDateTime(int i) {
        int s = bounds[i] + 1;
        if (quoted[i] || bounds[i + 1] - s != 19) {
            return -1;
        }
        byte[] b = buf;
        // three word loads cover the 19 bytes: "yyyy-MM-", "dd HH:mm" (only "dd " used) and "HH:mm:ss"
        long dateWord = (long) LONGS.get(b, s);
        int dayAndSpace = (int) ((long) LONGS.get(b, s + 8)) & 0xFFFFFF;
        long epochDay;
        if (dateWord == lastDateWord && dayAndSpace == lastDayAndSpace && lastDateEpochDay >= 0) {
            epochDay = lastDateEpochDay; // rows of one report share a few dates: skip the calendar work
        } else {
            if (b[s + 4] != '-' || b[s + 7] != '-' || b[s + 10] != ' ') {
                return -1;
            }
            int y = num(b, s, 4);
            int mo = num(b, s + 5, 2);
            int d = num(b, s + 8, 2);
            if ((y | mo | d) < 0 || mo < 1 || mo > 12 || d < 1 || d > 28 && d > lengthOfMonth(y, mo)) {
                return -1;
            }
            epochDay = java.time.LocalDate.of(y, mo, d).toEpochDay();
            if (epochDay < 0) {
                return -1; // before 1970: the packed form has no sign; the text path handles it
            }
            lastDateWord = dateWord;
            lastDayAndSpace = dayAndSpace;
            lastDateEpochDay = epochDay;
        }
        int secondOfDay = secondOfDay((long) LONGS.get(b, s + 11));
        return secondOfDay < 0 ? -1 : epochDay << 17 | secondOfDay;
    }

    private long lastDateWord;
    private int lastDayAndSpace;
    private long lastDateEpochDay = -1;

    private static final long TIME_COLONS = 0x00003A00003A0000L;
    private static final long TIME_COLON_BYTES = 0x0000FF0000FF0000L;

    /**
     * "HH:mm:ss" held in one little-endian word to the second of the day, or -1 when it has another
     * shape or is out of range. Word arithmetic instead of six digit loads and branches: every row
     * carries a time, and this ran once per row.
     */
    static int secondOfDay(long word) {
        if ((word & TIME_COLON_BYTES) != TIME_COLONS) {
            return -1;
        }
        // the colons become '0' so that one digit test covers the word
        long digits = word & ~TIME_COLON_BYTES | ASCII_ZEROS & TIME_COLON_BYTES;
        if (((digits & HIGH_NIBBLES) | ((digits + 0x0606060606060606L) & HIGH_NIBBLES) >>> 4) != 0x3333333333333333L) {
            return -1;
        }
        long v = digits - ASCII_ZEROS;
        long pairs = v * 10 + (v >>> 8); // byte k: 10 x digit k + digit k+1 (at most 99: no carry)
        int h = (int) (pairs & 0xFF);
        int mi = (int) (pairs >>> 24 & 0xFF);
        int sec = (int) (pairs >>> 48 & 0xFF);
        if (h > 23 || mi > 59 || sec > 59) {
            return -1;
        }
        return h * 3600 + mi * 60 + sec;
    }

    private static int lengthOfMonth(int y, int mo) {
        return java.time.YearMonth.of(y, mo).lengthOfMonth();
    }

    private static int num(byte[] b, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            int c = b[k] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    /**
     * The field's length (capped at 255) in the top byte and its first 7 bytes below: equal
     * prefixes plus {@link #fieldEqualsAfterPrefix} mean equal fields (cache keys).
     */
    public long fieldPrefix(int i) {
        int s = bounds[i] + 1;
        int len = bounds[i + 1] - s;
        int n = Math.min(len, 7);
        byte[] b = buf;
        if (n > 0 && s + 8 <= b.length) {
            // one word read instead of a byte loop (this runs for every cached column of every row):
            // the field's first n bytes, big-endian, in bits 8 * (7 - n) .. 55, the rest zero
            long w = (long) LONGS_BE.get(b, s);
            return (w >>> (64 - 8 * n)) << (8 * (7 - n)) | (long) Math.min(len, 255) << 56;
        }
        return fieldPrefixBytewise(b, s, len);
    }

    /** {@link #fieldPrefix} a byte at a time: near the end of the buffer, and the reference for the test. */
    static long fieldPrefixBytewise(byte[] b, int s, int len) {
        int n = Math.min(len, 7);
        long v = 0;
        for (int k = 0; k < n; k++) {
            v = v << 8 | (b[s + k] & 0xFF);
        }
        return v << (8 * (7 - n)) | (long) Math.min(len, 255) << 56;
    }

    /**
     * Bytes 8 to 15 of the field (the 8 after {@link #fieldPrefix}'s), first byte lowest, zero past
     * the field's end; 0 for a field of at most 7 bytes. With equal prefixes, equal words mean equal
     * fields of up to 15 bytes without a byte loop (merchant accounts, types, currencies).
     */
    public long fieldSecondWord(int i) {
        int s = bounds[i] + 1;
        int len = bounds[i + 1] - s;
        if (len <= 7) {
            return 0L;
        }
        int n = Math.min(len - 7, 8);
        byte[] b = buf;
        if (s + 15 <= b.length) {
            long w = (long) LONGS.get(b, s + 7);
            return n == 8 ? w : w & ((1L << (n << 3)) - 1);
        }
        return fieldSecondWordBytewise(b, s, len);
    }

    /** {@link #fieldSecondWord} a byte at a time: near the end of the buffer, and the reference for the test. */
    static long fieldSecondWordBytewise(byte[] b, int s, int len) {
        long v = 0;
        for (int k = Math.min(len, 15) - 1; k >= 7; k--) {
            v = v << 8 | (b[s + k] & 0xFF);
        }
        return v;
    }

    /** With equal {@link #fieldPrefix}: true when the unquoted field's bytes after the 7th equal the key's. */
    public boolean fieldEqualsAfterPrefix(int i, byte[] key) {
        int s = bounds[i] + 1;
        int len = bounds[i + 1] - s;
        if (len != key.length) {
            return false;
        }
        byte[] b = buf;
        for (int k = 7; k < len; k++) {
            if (b[s + k] != key[k]) {
                return false;
            }
        }
        return true;
    }

    /** A cheap hash of the field's bytes (cache slot selection). */
    public int fieldHash(int i) {
        int h = 0;
        int e = bounds[i + 1];
        for (int p = bounds[i] + 1; p < e; p++) {
            h = 31 * h + buf[p];
        }
        return h ^ (h >>> 16);
    }

    /** The field's raw bytes (for caches keyed on content). */
    public byte[] bytes(int i) {
        return Arrays.copyOfRange(buf, bounds[i] + 1, bounds[i + 1]);
    }

    public boolean isQuoted(int i) {
        return quoted[i];
    }

    /** Amount in minor units read directly from the bytes; blank = 0. */
    public long minorUnits(int i, int exponent) {
        if (quoted[i]) {
            String s = string(i, StandardCharsets.ISO_8859_1);
            return s == null ? 0 : DecimalAmount.toMinorUnits(s, exponent, '.');
        }
        int s = bounds[i] + 1;
        int e = bounds[i + 1];
        if (s == e) {
            return 0L; // the unused side of a Debit/Credit pair
        }
        // fast path for the shape nearly every amount has: up to 14 digits, then nothing or '.' and
        // exactly the currency's decimals (no overflow possible); anything else takes the full rules
        if (exponent <= 4) {
            byte[] b = buf;
            if (e - s <= 8 && s + 8 <= b.length) {
                long v = eightByteAmount((long) LONGS.get(b, s), e - s, exponent);
                if (v >= 0) {
                    return v;
                }
            }
            long v = 0;
            int p = s;
            int intEnd = Math.min(e, s + 14);
            while (p < intEnd) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                v = v * 10 + d;
                p++;
            }
            if (p > s) {
                if (p == e) {
                    return v * POW10[exponent];
                }
                if (b[p] == '.' && e - p - 1 == exponent) {
                    int q = p + 1;
                    while (q < e) {
                        int d = b[q] - '0';
                        if (d < 0 || d > 9) {
                            break;
                        }
                        v = v * 10 + d;
                        q++;
                    }
                    if (q == e) {
                        return v;
                    }
                }
            }
        }
        return DecimalAmount.toMinorUnits(buf, s, e, exponent, '.');
    }

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L};
    private static final long ASCII_ZEROS = LOW_ONES * '0';
    private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;

    /**
     * An amount of at most eight bytes (up to 999999.99 with two decimals: nearly every settlement
     * line) from one little-endian word, without a branch per digit: the digit count varies from
     * row to row, so the byte loop's exit was a mispredicted branch on every amount. Shape: digits,
     * optionally '.' followed by exactly {@code exponent} digits, at least one digit before the
     * '.'. Returns -1 for any other shape (sign, spaces, other decimals), which the byte loop and
     * the full rules then decide, so values and error messages are the same as theirs.
     *
     * @param word the field's first eight bytes (bytes past the field are ignored)
     * @param len  the field's length, 1..8
     */
    static long eightByteAmount(long word, int len, int exponent) {
        long w = len == 8 ? word : word & ((1L << (len << 3)) - 1);
        int dot = len - 1 - exponent; // where the '.' must be when the amount has decimals
        long digits = w;
        int count = len;
        long scale = POW10[exponent];
        if (exponent > 0 && dot >= 1 && (w >>> (dot << 3) & 0xFF) == '.') {
            // drop the '.': the bytes after it move down one place
            long below = (1L << (dot << 3)) - 1;
            digits = w & below | (w >>> 8) & ~below;
            count = len - 1;
            scale = 1;
        }
        // right-align the digits in eight places ('0' fill in front; the first digit is the lowest byte)
        int fill = (8 - count) << 3;
        long padded = fill == 0 ? digits : digits << fill | ASCII_ZEROS & ((1L << fill) - 1);
        // every byte '0'..'9': high nibble 3, and still 3 after adding 6 (fast_float's test)
        if (((padded & HIGH_NIBBLES) | ((padded + 0x0606060606060606L) & HIGH_NIBBLES) >>> 4) != 0x3333333333333333L) {
            return -1;
        }
        // eight digits to their value in three multiply steps (pairs, quads, all eight)
        long v = padded - ASCII_ZEROS;
        v = v * 10 + (v >>> 8);
        v = ((v & 0x000000FF000000FFL) * (100 + (1_000_000L << 32))
                + ((v >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))) >>> 32;
        return v * scale;
    }

    /** The record exactly as it is in the file (without the line terminator). */
    public String rawRecord(Charset charset) {
        int e = recordEnd;
        while (e > recordStart && (buf[e - 1] == '\n' || buf[e - 1] == '\r')) {
            e--;
        }
        return new String(buf, recordStart, e - recordStart, charset);
    }

    /**
     * True if the raw record holds what {@link dev.recon.core.security.CardNumberMasker} would mask:
     * a run of 13-19 digits (single ' ' or '-' allowed between digits), not touching other digits,
     * that passes the Luhn check. Same rule as the masker, on bytes and without allocation, so the
     * (slower) masker only runs on the few rows that need it; the fuzz test checks that no card
     * number survives.
     */
    public boolean mayContainCardNumber() {
        int[] digits = luhnDigits;
        byte[] b = buf;
        int end = recordEnd;
        int i = recordStart;
        while (i < end) {
            if (!isDigit(b[i]) || (i > recordStart && isDigit(b[i - 1]))) {
                i++;
                continue;
            }
            // mirrors CardNumberMasker.mask: at most 20 digits collected, single separators between digits
            int count = 0;
            int j = i;
            int runEnd = i;
            while (j < end && count <= 19) {
                byte c = b[j];
                if (isDigit(c)) {
                    digits[count++] = c - '0';
                    runEnd = j + 1;
                    j++;
                } else if ((c == ' ' || c == '-') && j + 1 < end && isDigit(b[j + 1]) && runEnd == j) {
                    j++;
                } else {
                    break;
                }
            }
            if (count >= 13 && count <= 19 && !(runEnd < end && isDigit(b[runEnd])) && luhn(digits, count)) {
                return true;
            }
            i = Math.max(runEnd, i + 1);
        }
        return false;
    }

    /**
     * {@link #rawRecord} with card numbers masked exactly as
     * {@link dev.recon.core.security.CardNumberMasker#mask} would mask the decoded text (first six
     * and last four digits kept), but done on the bytes in one pass: a String is built once, and a
     * copy of the bytes is made only when a Luhn-valid 13-19 digit run exists. Equivalent for the
     * ASCII-compatible charsets this reader supports, because digits, ' ' and '-' are single ASCII
     * bytes there and every other byte decodes to a character that is none of them.
     */
    public String maskedRawRecord(Charset charset) {
        int start = recordStart;
        int end = recordEnd;
        while (end > start && (buf[end - 1] == '\n' || buf[end - 1] == '\r')) {
            end--;
        }
        int[] digits = luhnDigits;
        int[] positions = luhnPositions;
        byte[] b = buf;
        byte[] masked = null;
        int i = start;
        while (i < end) {
            if (!isDigit(b[i]) || (i > start && isDigit(b[i - 1]))) {
                i++;
                continue;
            }
            int count = 0;
            int j = i;
            int runEnd = i;
            while (j < end && count <= 19) {
                byte c = b[j];
                if (isDigit(c)) {
                    positions[count] = j;
                    digits[count++] = c - '0';
                    runEnd = j + 1;
                    j++;
                } else if ((c == ' ' || c == '-') && j + 1 < end && isDigit(b[j + 1]) && runEnd == j) {
                    j++;
                } else {
                    break;
                }
            }
            if (count >= 13 && count <= 19 && !(runEnd < end && isDigit(b[runEnd])) && luhn(digits, count)) {
                if (masked == null) {
                    masked = Arrays.copyOfRange(b, start, end);
                }
                for (int k = 6; k < count - 4; k++) {
                    masked[positions[k] - start] = '*';
                }
            }
            i = Math.max(runEnd, i + 1);
        }
        return masked == null ? new String(b, start, end - start, charset) : new String(masked, charset);
    }

    private final int[] luhnPositions = new int[20];

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private final int[] luhnDigits = new int[20];

    private static boolean luhn(int[] digits, int count) {
        int sum = 0;
        boolean doubleIt = false;
        for (int k = count - 1; k >= 0; k--) {
            int d = digits[k];
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private String unescape(int s, int e, Charset charset) {
        // quoted field: content is between the first quote and its closing quote; "" is one quote;
        // characters after the closing quote (lenient) are appended as they are
        byte[] out = new byte[e - s];
        int n = 0;
        int p = s + 1;
        boolean inQuotes = true;
        while (p < e) {
            byte b = buf[p];
            if (inQuotes && b == '"') {
                if (p + 1 < e && buf[p + 1] == '"') {
                    out[n++] = '"';
                    p += 2;
                    continue;
                }
                inQuotes = false;
                p++;
                continue;
            }
            out[n++] = b;
            p++;
        }
        return new String(out, 0, n, charset);
    }

    /**
     * Tokenises the record starting at recordStart; refills (and if needed grows) the buffer and
     * starts over when the record crosses the end of the buffered bytes.
     */
    private boolean scan() throws IOException {
        while (true) {
            if (first) {
                fill();
                first = false;
                if (limit >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                    recordStart = 3;
                    recordEnd = 3;
                }
            }
            if (recordStart >= limit && eof) {
                return false;
            }
            int result = tokenize();
            if (result >= 0) {
                return true;
            }
            // need more bytes
            if (eof) {
                throw new IllegalStateException("tokenizer asked for more input at end of input");
            }
            if (recordStart > 0) {
                System.arraycopy(buf, recordStart, buf, 0, limit - recordStart);
                limit -= recordStart;
                recordEnd -= recordStart;
                recordStart = 0;
            } else if (limit == buf.length) {
                if (buf.length >= maxRecordBytes) {
                    throw new RecordTooLargeException(nextLine, maxRecordBytes);
                }
                buf = Arrays.copyOf(buf, Math.min(maxRecordBytes, buf.length * 2));
            }
            fill();
        }
    }

    private void fill() throws IOException {
        while (limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return;
            }
            limit += n;
        }
    }

    /** Returns 0 when a full record was tokenised, -1 when more input is needed. */
    private int tokenize() {
        int fast = tokenizeUnquoted();
        return fast != FALL_BACK ? fast : tokenizeAny();
    }

    private static final int FALL_BACK = -2;
    private static final long LF_MASK = LOW_ONES * '\n';
    private static final long CR_MASK = LOW_ONES * '\r';
    private static final long QUOTE_MASK = LOW_ONES * '"';
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /** High bit of each byte of x that is zero, exact (no borrow between bytes). */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /**
     * The common record, eight bytes at a time: no quote before the line end and the whole line in
     * the buffer. Separator positions come out of one word compare each, with no per-byte branch.
     * Anything else (a quote, a record near the end of the buffered bytes, very many fields) returns
     * {@link #FALL_BACK} having written at most {@link #bounds}, and {@link #tokenizeAny} reads it.
     */
    private int tokenizeUnquoted() {
        final byte[] b = buf;
        final int[] at = bounds;
        final long sepMask = separatorMask;
        int p = recordStart;
        at[0] = p - 1;
        int n = 1;
        while (p + 8 <= limit) {
            if (n + 9 > at.length) {
                return FALL_BACK; // no room for eight more separators and the line end
            }
            long w = (long) LONGS.get(b, p);
            long nl = 0;
            long below = -1L;
            long qx = w ^ QUOTE_MASK;
            // cheap any-byte tests first (a byte below 0x0E: maybe CR or LF; a quote); the exact
            // per-byte masks only for the one or two words of a line that need them
            if ((((w - BELOW_0E) & ~w | (qx - LOW_ONES) & ~qx) & HIGH_BITS) != 0) {
                nl = zeroBytes(w ^ LF_MASK) | zeroBytes(w ^ CR_MASK);
                below = nl == 0 ? -1L : (nl & -nl) - 1; // bytes before the line end
                if ((zeroBytes(qx) & below) != 0) {
                    return FALL_BACK;
                }
            }
            long seps = zeroBytes(w ^ sepMask) & below;
            while (seps != 0) {
                at[n++] = p + (Long.numberOfTrailingZeros(seps) >>> 3);
                seps &= seps - 1;
            }
            if (nl != 0) {
                int pos = p + (Long.numberOfTrailingZeros(nl) >>> 3);
                int after = pos + 1;
                if (b[pos] == '\r') {
                    if (after >= limit) {
                        return FALL_BACK; // "\r" or "\r\n": decided with more input or at end of input
                    }
                    if (b[after] == '\n') {
                        after++;
                    }
                }
                at[n] = pos;
                if (quotedDirty) {
                    Arrays.fill(quoted, false);
                    quotedDirty = false;
                }
                count = n;
                recordEnd = after;
                recordLine = nextLine;
                nextLine++;
                return 0;
            }
            p += 8;
        }
        return FALL_BACK;
    }

    /** True when {@link #tokenizeAny} may have left a quoted flag set (the fast path must clear them). */
    private boolean quotedDirty;

    /** Any record: RFC 4180 quoting, line breaks in quotes, end of input, buffer refills. */
    private int tokenizeAny() {
        final byte[] b = buf;
        final byte sep = separator;
        int p = recordStart;
        int n = 0;
        long newlines = 0;
        bounds[0] = p - 1;
        while (true) {
            if (n + 1 == bounds.length) {
                bounds = Arrays.copyOf(bounds, n * 2 + 1);
                quoted = Arrays.copyOf(quoted, n * 2);
            }
            boolean q = false;
            if (p < limit && b[p] == '"') {
                q = true;
                p++;
                while (true) {
                    while (p < limit && b[p] != '"') {
                        if (b[p] == '\n') {
                            newlines++;
                        }
                        p++;
                    }
                    if (p >= limit) {
                        if (!eof) {
                            return -1;
                        }
                        break; // unclosed quote runs to end of input
                    }
                    if (p + 1 < limit && b[p + 1] == '"') {
                        p += 2;
                        continue;
                    }
                    if (p + 1 >= limit && !eof) {
                        return -1; // cannot tell "" from a closing quote yet
                    }
                    p++; // closing quote
                    break;
                }
            }
            // eight bytes at a time: flag bytes equal to the separator or below 0x0E (CR, LF and a
            // few rare controls); the lowest flag is exact, and the byte loop below settles it
            final long sepMask = separatorMask;
            while (p + 8 <= limit) {
                long w = (long) LONGS.get(b, p);
                long x = w ^ sepMask;
                long m = ((x - LOW_ONES) & ~x | (w - BELOW_0E) & ~w) & HIGH_BITS;
                if (m != 0) {
                    p += Long.numberOfTrailingZeros(m) >>> 3;
                    break;
                }
                p += 8;
            }
            final boolean[] end = fieldEnd;
            while (p < limit && !end[b[p] & 0xFF]) {
                p++;
            }
            if (p >= limit && !eof) {
                return -1;
            }
            bounds[n + 1] = p; // the field began right after bounds[n]
            quoted[n] = q;
            quotedDirty |= q;
            n++;
            if (p >= limit) {
                // last record without a line terminator
                count = n;
                recordEnd = p;
                recordLine = nextLine;
                nextLine += newlines;
                return 0;
            }
            byte c = b[p];
            if (c == sep) {
                p++;
                continue;
            }
            // line terminator: \n, \r\n or \r
            if (c == '\r') {
                if (p + 1 >= limit && !eof) {
                    return -1;
                }
                p++;
                if (p < limit && b[p] == '\n') {
                    p++;
                }
            } else {
                p++;
            }
            newlines++;
            count = n;
            recordEnd = p;
            recordLine = nextLine;
            nextLine += newlines;
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
