package dev.recon.parsers.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumberedLineReaderTest {

    /** The specification, one char at a time: LF, CRLF or CR end a line; longer lines are cut at max. */
    private static List<String> reference(String text, int max) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean truncated = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
                lines.add(line + (truncated ? "|cut" : ""));
                line.setLength(0);
                truncated = false;
            } else if (line.length() < max) {
                line.append(c);
            } else {
                truncated = true;
            }
        }
        if (line.length() > 0 || truncated) {
            lines.add(line + (truncated ? "|cut" : ""));
        }
        return lines;
    }

    @Test
    void readsLikeTheCharByCharSpecificationAcrossBufferEnds() throws Exception {
        // several 64 KiB buffers of short and over-long lines with every terminator, so that lines,
        // CRLF pairs and cut lines fall across buffer ends (the in-buffer path and the general one)
        Random random = new Random(17);
        String alphabet = "abc:61:0123456789,  \u00e9";
        String[] terminators = {"\n", "\r\n", "\r"};
        for (int round = 0; round < 4; round++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 300_000) {
                int len = random.nextInt(10) == 0 ? random.nextInt(400) : random.nextInt(70);
                for (int k = 0; k < len; k++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                sb.append(terminators[random.nextInt(terminators.length)]);
            }
            String text = sb.toString();
            List<String> got = new ArrayList<>();
            try (NumberedLineReader r = new NumberedLineReader(new StringReader(text), 100)) {
                String line;
                while ((line = r.next()) != null) {
                    got.add(line + (r.lastTruncated() ? "|cut" : ""));
                    assertThat(r.lineNumber()).isEqualTo(got.size());
                }
            }
            assertThat(got).isEqualTo(reference(text, 100));
        }
    }
}
