package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mapped staged lines ({@link StagedLines}) read back exactly as {@code BufferedReader.readLine}
 * reads the file, which the match step used before: across segment edges, with empty lines,
 * non-ASCII text, and a last line with or without its line feed.
 */
class StagedLinesTest {

    @TempDir
    Path tmp;

    @Test
    void readsAsTheLineReaderDoesAcrossSegmentEdges() throws IOException {
        Random random = new Random(Long.getLong("recon.seed", 8L));
        for (int round = 0; round < 200; round++) {
            byte[] file = randomLines(random, round % 2 == 0);
            Path p = tmp.resolve("staged-" + round + ".tsv");
            Files.write(p, file);
            List<String> expected = readLines(p);
            // Segments from 224 bytes (longer than any line here: at most 11 pieces of at most 20 bytes) to the whole file.
            int segment = round % 3 == 0 ? StagedLines.SEGMENT : 224 + random.nextInt(200);
            StagedLines lines = StagedLines.map(p, segment);
            assertThat(lines).as("round %d, segment %d", round, segment).containsExactlyElementsOf(expected);
            for (int i = 0; i < expected.size(); i++) {
                byte[] bytes = expected.get(i).getBytes(StandardCharsets.UTF_8);
                assertThat(lines.firstByte(i)).isEqualTo(expected.get(i).isEmpty() ? -1 : firstByte(file, lines, i));
                assertThat(bytes.length == 0 || lines.firstByte(i) >= 0).isTrue();
            }
            int r = round;
            List<String> odd = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                if ((i + r) % 3 != 0) {
                    odd.add(expected.get(i));
                }
            }
            StagedLines selected = lines.select(i -> (i + r) % 3 != 0);
            assertThat(selected).containsExactlyElementsOf(odd);
            assertThat(StagedDay.select(selected, i -> i % 2 == 0))
                    .containsExactlyElementsOf(StagedDay.select(odd, i -> i % 2 == 0));
        }
    }

    @Test
    void emptyFileHasNoLines() throws IOException {
        Path p = tmp.resolve("empty.tsv");
        Files.write(p, new byte[0]);
        assertThat(StagedLines.map(p)).isEmpty();
        Files.write(p, "\n".getBytes(StandardCharsets.UTF_8));
        assertThat(StagedLines.map(p)).containsExactly("");
    }

    @Test
    void lineLongerThanASegmentIsRefused() throws IOException {
        Path p = tmp.resolve("long.tsv");
        Files.write(p, ("a\n" + "x".repeat(300) + "\nb\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> StagedLines.map(p, 100)).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than 100 bytes");
        assertThat(StagedLines.map(p, 400)).containsExactly("a", "x".repeat(300), "b");
    }

    private static int firstByte(byte[] file, StagedLines lines, int i) {
        // The first byte of line i in the file: the bytes of the lines before it and their line feeds.
        int at = 0;
        for (int k = 0; k < i; k++) {
            while (file[at] != '\n') {
                at++;
            }
            at++;
        }
        return file[at] & 0xFF;
    }

    private static byte[] randomLines(Random random, boolean lastLineFeed) {
        String[] pieces = {"1", "0", "\t", "\\N", "PSP123", "é", "€", "𝄞", "=cmd", "\\t", " ", "2026-01-05T10:11:12Z"};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int lines = random.nextInt(60);
        for (int l = 0; l < lines; l++) {
            int cells = random.nextInt(12);
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < cells; c++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(bytes);
            if (l < lines - 1 || lastLineFeed) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static List<String> readLines(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        }
        return out;
    }
}
