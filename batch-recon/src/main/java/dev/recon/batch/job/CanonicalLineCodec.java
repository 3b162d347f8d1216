package dev.recon.batch.job;

import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.canonical.CanonicalCsvWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A settlement record as one line of the canonical settlement CSV (channel-file-parsers' own
 * lossless format, provenance included), which is how records are staged: reading them back goes
 * through {@code CanonicalCsvParser}, so staging adds no format of its own. Not thread-safe.
 */
final class CanonicalLineCodec {

    private final StringWriter buffer = new StringWriter();
    private final CanonicalCsvWriter writer = new CanonicalCsvWriter(buffer);
    private final int headerLength;

    CanonicalLineCodec() {
        flush();
        headerLength = buffer.getBuffer().length();
        buffer.getBuffer().setLength(0);
    }

    /** The canonical CSV header line (with its line feed). */
    static String header() {
        StringWriter w = new StringWriter();
        try (CanonicalCsvWriter c = new CanonicalCsvWriter(w)) {
            c.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    String encode(SettlementRecord r) {
        buffer.getBuffer().setLength(0);
        writer.write(r);
        flush();
        String s = buffer.toString();
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    int headerLength() {
        return headerLength;
    }

    private void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
