package dev.recon.core.event.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.recon.core.settlement.SourceLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The writing side shared by the codecs: one compact JSON object per call, UTF-8, no line breaks
 * (so the output is a valid JSONL line). Nulls are written for the nullable contract fields the
 * caller names, and left out otherwise.
 */
final class JsonWriting {

    private JsonWriting() {
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] object(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator g = FlatJsonObject.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            // Writing to memory cannot fail; a failure here is a bug, not bad input.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the field when the value is known; {@code keepNull} writes an explicit null instead of omitting it. */
    static void text(JsonGenerator g, String field, String value, boolean keepNull) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        } else if (keepNull) {
            g.writeNullField(field);
        }
    }

    static String sourceText(SourceLocation s) {
        return s.origin() + ":" + s.line();
    }

    /** Reads back {@link #sourceText}; the origin may itself contain ':' (a Windows path), the line never. */
    static SourceLocation parseSource(String text) {
        int colon = text.lastIndexOf(':');
        if (colon > 0) {
            try {
                return new SourceLocation(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                // not origin:line: keep the whole text as the origin
            }
        }
        return new SourceLocation(text, 0);
    }
}
