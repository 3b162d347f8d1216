package dev.recon.core.result;

import dev.recon.core.money.Money;
import dev.recon.core.security.SpreadsheetText;
import dev.recon.core.text.CsvField;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * results.csv lines written straight into one growing byte buffer, for the batch's and the
 * stream's results.csv: the same bytes as the batch's {@code OperationalStore.resultLine} and as
 * the stream's earlier formatting of {@link ReconResult#csvValues} (cells neutralised for
 * spreadsheets by the rule of {@code SpreadsheetText}, quoted by RFC 4180 only when a cell holds a
 * comma, a double quote, CR or LF, UTF-8, each line ended by LF), without the per-row list of cell
 * strings, the neutralised copies, FastCSV's writer and the line's String, which were most of
 * writing a million lines (batch-recon's {@code ResultLineBytesProperties} and streaming-recon's
 * {@code ResultRowBytesProperties} compare them on random results). A first cell starting with
 * '#' is not quoted (recon_ids are UUIDs; FastCSV would quote it). Not thread-safe: one per
 * thread, reused with {@link #reset}.
 */
public final class ResultLineBytes {

    private byte[] buf;
    private int len;
    /**
     * A text cell's characters, copied out of the String in one call before they are checked: read
     * one {@code charAt} at a time (through {@link CharSequence}) each character was a call under the
     * client compiler, which {@code ./recon stream} runs on, and the check a tenth of its matching thread.
     */
    private char[] chars = new char[64];

    public ResultLineBytes(int capacity) {
        this.buf = new byte[Math.max(64, capacity)];
    }

    public void reset() {
        len = 0;
    }

    public int length() {
        return len;
    }

    /** The buffer itself (valid up to {@link #length()}). */
    public byte[] bytes() {
        return buf;
    }

    /** Appends the result's line and its LF. */
    public void append(ReconResult r) {
        text(r.reconId());
        comma();
        number(r.version());
        comma();
        ascii(r.mode().name());
        comma();
        text(r.channel());
        comma();
        date(r.businessDate());
        comma();
        ascii(r.status().name());
        comma();
        if (r.breakType() != null) {
            ascii(r.breakType().name());
        }
        comma();
        text(r.type());
        comma();
        text(r.merchantId());
        comma();
        text(r.paymentId());
        comma();
        text(r.transactionId());
        comma();
        text(r.channelRef());
        comma();
        text(r.internalStatus());
        comma();
        text(r.channelStatus());
        comma();
        amount(r.internalAmount());
        comma();
        amount(r.channelAmount());
        comma();
        text(r.currency());
        comma();
        amount(r.difference());
        comma();
        amount(r.gross());
        comma();
        amount(r.fee());
        comma();
        amount(r.net());
        comma();
        if (r.fxRate() != null) {
            text(r.fxRate().toPlainString());
        }
        comma();
        text(r.payoutBatch());
        comma();
        text(r.matchGroupId());
        comma();
        number(r.ageDays());
        comma();
        text(r.rule());
        comma();
        text(r.detail());
        comma();
        text(r.source());
        comma();
        text(r.configVersion());
        comma();
        text(r.nearMiss());
        comma();
        date(r.expectedDate());
        put((byte) '\n');
    }

    private void comma() {
        put((byte) ',');
    }

    private void put(byte b) {
        if (len == buf.length) {
            grow(1);
        }
        buf[len++] = b;
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }

    /** Enum names: ASCII letters and underscores, never neutralised or quoted. */
    private void ascii(String s) {
        int n = s.length();
        if (len + n > buf.length) {
            grow(n);
        }
        for (int k = 0; k < n; k++) {
            buf[len++] = (byte) s.charAt(k);
        }
    }

    /** A long as decimal digits (what {@code Long.toString} writes; a negative number is not neutralised). */
    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        if (len + 20 > buf.length) {
            grow(20);
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        reverse(start, len - 1);
    }

    private void reverse(int i, int j) {
        while (i < j) {
            byte t = buf[i];
            buf[i++] = buf[j];
            buf[j--] = t;
        }
    }

    /** {@code yyyy-MM-dd} as {@code LocalDate.toString} writes it for years 1000-9999, else through it. */
    private void date(LocalDate d) {
        if (d == null) {
            return;
        }
        int y = d.getYear();
        if (y < 1000 || y > 9999) {
            text(d.toString());
            return;
        }
        if (len + 10 > buf.length) {
            grow(10);
        }
        buf[len++] = (byte) ('0' + y / 1000);
        buf[len++] = (byte) ('0' + y / 100 % 10);
        buf[len++] = (byte) ('0' + y / 10 % 10);
        buf[len++] = (byte) ('0' + y % 10);
        buf[len++] = '-';
        twoDigits(d.getMonthValue());
        buf[len++] = '-';
        twoDigits(d.getDayOfMonth());
    }

    private void twoDigits(int v) {
        buf[len++] = (byte) ('0' + v / 10);
        buf[len++] = (byte) ('0' + v % 10);
    }

    /**
     * {@link Money#toDecimalString()} written as digits (plain decimal with the currency's exponent);
     * such a cell is a plain number even when negative, so never neutralised, and never quoted.
     */
    private void amount(Money m) {
        if (m == null) {
            return;
        }
        int exponent = m.exponent();
        long minor = m.minorUnits();
        if (exponent < 0 || minor == Long.MIN_VALUE) {
            text(m.toDecimalString());
            return;
        }
        if (len + 24 + exponent > buf.length) {
            grow(24 + exponent);
        }
        if (minor < 0) {
            buf[len++] = '-';
            minor = -minor;
        }
        int start = len;
        int written = 0;
        do {
            buf[len++] = (byte) ('0' + (minor % 10));
            minor /= 10;
            written++;
            if (written == exponent) {
                buf[len++] = '.';
            }
        } while (minor != 0 || written < exponent);
        if (exponent > 0 && written == exponent) {
            // "0." before the fraction when the amount is below one major unit.
            buf[len++] = '0';
        }
        reverse(start, len - 1);
    }

    /**
     * A text cell: "" for null; a leading apostrophe when a spreadsheet would read it as a formula
     * ({@code SpreadsheetText.neutralise}); in double quotes (doubled inside) when it holds a comma,
     * a double quote, CR or LF.
     */
    private void text(String s) {
        if (s == null || s.isEmpty()) {
            return;
        }
        text(s, 0, s.length());
    }

    /** {@link #text(String)} of {@code s[from, to)}: the one encoding of a text cell, whole or cut out of a line. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): ASCII text copied without an encoder
    private void text(CharSequence s, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        char[] cs = chars;
        if (s instanceof String str) {
            str.getChars(from, to, cs, 0);
        } else {
            for (int k = from; k < to; k++) {
                cs[k - from] = s.charAt(k);
            }
        }
        boolean quote = false;
        boolean ascii = true;
        for (int k = 0; k < n; k++) {
            char c = cs[k];
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
            } else if (c >= 0x80) {
                ascii = false;
            }
        }
        boolean apostrophe = SpreadsheetText.startsFormula(s, from, to);
        if (!ascii) {
            // Rare (names, descriptions): the shared cell quoting, encoded by the JDK, as the writer did.
            String cellText = s.subSequence(from, to).toString();
            StringBuilder cell = new StringBuilder(n + 4);
            CsvField.append(cell, apostrophe ? "'" + cellText : cellText, ',');
            byte[] b = cell.toString().getBytes(StandardCharsets.UTF_8);
            if (len + b.length > buf.length) {
                grow(b.length);
            }
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return;
        }
        if (len + 2 * n + 3 > buf.length) {
            grow(2 * n + 3);
        }
        if (quote) {
            buf[len++] = '"';
        }
        if (apostrophe) {
            buf[len++] = '\'';
        }
        if (quote) {
            for (int k = 0; k < n; k++) {
                char c = cs[k];
                if (c == '"') {
                    buf[len++] = '"';
                }
                buf[len++] = (byte) c;
            }
            buf[len++] = '"';
        } else if (s instanceof String str) {
            str.getBytes(from, to, buf, len);
            len += n;
        } else {
            for (int k = 0; k < n; k++) {
                buf[len++] = (byte) cs[k];
            }
        }
    }

    // ------------------------------------------------------------------ a line cell by cell
    // For writers that build a row's line from the row's parts (the batch job's exact pairs, written
    // from their staged lines) instead of a ReconResult: the same encodings as append(ReconResult).

    /** A text cell (null or empty: nothing). */
    public void textCell(String s) {
        text(s);
    }

    /** A text cell cut out of {@code s}: {@code s[from, to)}. */
    public void textCell(CharSequence s, int from, int to) {
        text(s, from, to);
    }

    /** An enum name. */
    public void nameCell(String s) {
        ascii(s);
    }

    public void numberCell(long v) {
        number(v);
    }

    public void dateCell(LocalDate d) {
        date(d);
    }

    /** An amount (null: nothing). */
    public void amountCell(Money m) {
        amount(m);
    }

    /** The separator before the next cell. */
    public void nextCell() {
        comma();
    }

    /** Ends the line. */
    public void endLine() {
        put((byte) '\n');
    }
}
