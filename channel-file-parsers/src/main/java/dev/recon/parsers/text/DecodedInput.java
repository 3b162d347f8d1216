package dev.recon.parsers.text;

import dev.recon.parsers.InputSource;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Opens an input as text. A UTF-8 byte-order mark is stripped and, when present, wins over the
 * configured charset (a BOM cannot be ISO-8859-1 text that anyone meant). Malformed bytes become
 * U+FFFD instead of an exception: the row they are in fails its own validation and is quarantined
 * with its line number, which is more useful than losing the whole file.
 */
public final class DecodedInput {

    private static final int BUFFER = 1 << 16;

    private DecodedInput() {
    }

    public static Reader open(InputSource source, Charset charset) throws IOException {
        InputStream in = new BufferedInputStream(source.open(), BUFFER);
        Charset effective = skipBom(in) ? StandardCharsets.UTF_8 : charset;
        CharsetDecoder decoder = effective.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new InputStreamReader(in, decoder);
    }

    public static BufferedReader openLines(InputSource source, Charset charset) throws IOException {
        return new BufferedReader(open(source, charset), BUFFER);
    }

    /** Reads up to {@code max} chars from the start (format detection). */
    public static String head(InputSource source, Charset charset, int max) throws IOException {
        try (Reader r = open(source, charset)) {
            char[] buf = new char[max];
            int n = 0;
            while (n < max) {
                int k = r.read(buf, n, max - n);
                if (k < 0) {
                    break;
                }
                n += k;
            }
            return new String(buf, 0, n);
        }
    }

    private static boolean skipBom(InputStream in) throws IOException {
        in.mark(3);
        int a = in.read();
        int b = in.read();
        int c = in.read();
        if (a == 0xEF && b == 0xBB && c == 0xBF) {
            return true;
        }
        in.reset();
        return false;
    }
}
