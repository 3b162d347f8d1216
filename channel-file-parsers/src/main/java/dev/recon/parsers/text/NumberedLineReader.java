package dev.recon.parsers.text;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads physical lines (LF, CRLF or CR) with their 1-based line numbers, and refuses lines longer
 * than a limit so that a corrupt file without line breaks cannot exhaust the heap: the over-long
 * remainder is skipped and the line is reported as truncated (callers quarantine it). Has its own
 * char buffer because BufferedReader.read() takes a lock per character.
 */
public final class NumberedLineReader implements Closeable {

    private final Reader in;
    private final int maxLineLength;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private boolean lastTruncated;
    private final StringBuilder line = new StringBuilder(256);

    public NumberedLineReader(Reader in, int maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** The next line without its terminator, or null at end of input. */
    public String next() throws IOException {
        lastTruncated = false;
        // the usual line lies whole in the buffer: one String straight from it, without the
        // StringBuilder copy (a '\r' as the last buffered char takes the general path below)
        int from = pos;
        int p = from;
        char[] b = buf;
        while (p < limit && b[p] != '\n' && b[p] != '\r') {
            p++;
        }
        if (p < limit && p - from <= maxLineLength && (b[p] == '\n' || p + 1 < limit)) {
            String text = new String(b, from, p - from);
            pos = b[p] == '\r' && b[p + 1] == '\n' ? p + 2 : p + 1;
            lineNumber++;
            return text;
        }
        line.setLength(0);
        long length = 0;
        boolean any = false;
        while (true) {
            if (pos >= limit && !fill()) {
                if (!any) {
                    return null; // end of input; an empty last line after a terminator is not a line
                }
                break;
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            int chunk = pos - start;
            int room = (int) Math.max(0, Math.min(chunk, maxLineLength - length));
            if (room > 0) {
                line.append(buf, start, room);
            }
            if (room < chunk) {
                lastTruncated = true;
            }
            length += chunk;
            if (pos < limit) {
                char terminator = buf[pos++];
                if (terminator == '\r') {
                    if (pos >= limit) {
                        fill();
                    }
                    if (pos < limit && buf[pos] == '\n') {
                        pos++;
                    }
                }
                break;
            }
        }
        lineNumber++;
        return line.toString();
    }

    public long lineNumber() {
        return lineNumber;
    }

    /** True when the line last returned was cut at the limit. */
    public boolean lastTruncated() {
        return lastTruncated;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
