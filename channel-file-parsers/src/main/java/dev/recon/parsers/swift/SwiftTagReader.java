package dev.recon.parsers.swift;

import dev.recon.parsers.text.NumberedLineReader;
import java.io.IOException;

/**
 * Splits an MT940/MT942 file into tags and message boundaries, one at a time, whatever the bank's
 * envelope: full FIN blocks {@code {1:}{2:}{4: ... -}{5:}} (one or many per file), block 4 only,
 * SOH/ETX framing (mBank), ABN AMRO's {@code ABNANL2A / 940} header lines, {@code $}-separated RJE.
 *
 * <p>A tag line is {@code :NN[A]:value}; any other line while a tag is open continues it (multi-line
 * :86:, the second line of :61:), including lines that start with '-' as long as they are not a lone
 * '-' (the message terminator). A lone ':' followed by a line {@code 86:...} is the damaged Sparkasse
 * export and is rejoined. Text outside a message (headers) is skipped. Tag values are capped at
 * {@value #MAX_TAG_CHARS} characters so a corrupt file cannot grow memory.
 */
final class SwiftTagReader {

    static final int MAX_TAG_CHARS = 64 * 1024;

    /** What {@link #next()} returns: a complete tag, or the end of one message. */
    record Item(String tag, String value, long line, boolean endOfMessage) {
    }

    private final NumberedLineReader lines;
    private String tag;
    private StringBuilder value;
    private long tagLine;
    private boolean inMessage;
    private boolean danglingColon;
    private boolean pendingEnd;
    private long endLine;
    private boolean eof;
    private long tagsSeen;

    SwiftTagReader(NumberedLineReader lines) {
        this.lines = lines;
    }

    long tagsSeen() {
        return tagsSeen;
    }

    /** The next tag or end-of-message; null at end of input. */
    Item next() throws IOException {
        while (true) {
            if (pendingEnd) {
                pendingEnd = false;
                return new Item(null, null, endLine, true);
            }
            if (eof) {
                return null;
            }
            String line = lines.next();
            long lineNo = lines.lineNumber();
            if (line == null) {
                eof = true;
                Item open = closeTag();
                if (inMessage) {
                    inMessage = false;
                    pendingEnd = true;
                    endLine = lineNo;
                }
                if (open != null) {
                    return open;
                }
                continue;
            }
            line = clean(line);
            if (danglingColon) {
                danglingColon = false;
                if (isTagBody(line)) {
                    line = ":" + line;
                }
            }
            // Envelope: "{1:...}{2:...}{4:" opens a message; text after "{4:" is block-4 content.
            int block4 = line.indexOf("{4:");
            if (block4 >= 0) {
                Item open = closeTag();
                boolean wasOpen = inMessage;
                inMessage = true;
                String rest = line.substring(block4 + 3);
                if (!rest.isBlank()) {
                    pushBack(rest, lineNo);
                }
                if (wasOpen) {
                    pendingEnd = true;
                    endLine = lineNo;
                }
                if (open != null) {
                    return open;
                }
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.equals("-") || trimmed.startsWith("-}") || trimmed.equals("$")) {
                Item open = closeTag();
                if (inMessage) {
                    inMessage = false;
                    pendingEnd = true;
                    endLine = lineNo;
                }
                if (open != null) {
                    return open;
                }
                continue;
            }
            if (trimmed.equals(":")) {
                danglingColon = true;
                continue;
            }
            if (isTagLine(line)) {
                int second = line.indexOf(':', 1);
                Item open = closeTag();
                inMessage = true;
                tag = line.substring(1, second);
                value = new StringBuilder(Math.min(256, line.length()));
                append(line, second + 1);
                tagLine = lineNo;
                tagsSeen++;
                if (open != null) {
                    return open;
                }
                continue;
            }
            if (tag != null && !trimmed.isEmpty()) {
                value.append('\n');
                append(line, 0);
            }
            // else: header text outside a tag (ABNANL2A, 940, blank lines): not data
        }
    }

    private void pushBack(String rest, long lineNo) {
        // only block-4 content can follow "{4:" on the same line; it opens the first tag
        if (isTagLine(clean(rest))) {
            String l = clean(rest);
            int second = l.indexOf(':', 1);
            tag = l.substring(1, second);
            value = new StringBuilder();
            append(l, second + 1);
            tagLine = lineNo;
            tagsSeen++;
        }
    }

    /** Appends s from index from on (no substring copy), up to the tag's size cap. */
    private void append(String s, int from) {
        int room = MAX_TAG_CHARS - value.length();
        if (room > 0) {
            value.append(s, from, from + Math.min(room, s.length() - from));
        }
    }

    private Item closeTag() {
        if (tag == null) {
            return null;
        }
        Item item = new Item(tag, value.toString(), tagLine, false);
        tag = null;
        value = null;
        return item;
    }

    private static String clean(String line) {
        if (line.indexOf('\u0001') < 0 && line.indexOf('\u0003') < 0) {
            return line;
        }
        return line.replace("\u0001", "").replace("\u0003", "");
    }

    static boolean isTagLine(String line) {
        return line.length() >= 4 && line.charAt(0) == ':' && isTagBody(line, 1);
    }

    private static boolean isTagBody(String s) {
        return isTagBody(s, 0);
    }

    /** "NN:" or "NNA:" at index at (read in place: this runs for every line). */
    private static boolean isTagBody(String s, int at) {
        if (s.length() - at < 3 || !Character.isDigit(s.charAt(at)) || !Character.isDigit(s.charAt(at + 1))) {
            return false;
        }
        if (s.charAt(at + 2) == ':') {
            return true;
        }
        return s.length() - at >= 4 && Character.isUpperCase(s.charAt(at + 2)) && s.charAt(at + 3) == ':';
    }
}
