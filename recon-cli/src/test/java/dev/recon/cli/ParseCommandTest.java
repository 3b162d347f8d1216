package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recon parse} end to end through the command line: output, summary and exit status. */
class ParseCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ReconCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static Path sample(String name) throws URISyntaxException {
        return Path.of(ParseCommandTest.class.getResource("/samples/" + name).toURI());
    }

    @Test
    void bai2SampleParsesToCanonicalCsvWithTotalsTied() throws Exception {
        Path csv = tmp.resolve("out/records.csv");
        int status = run("parse", "--format", "auto", sample("moov_sample1.txt").toString(), "--out", csv.toString());
        assertThat(status).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("source_file,source_line,channel,record_type,category");
        // 17 records + the header; records never go to stderr
        assertThat(lines.stream().filter(l -> l.contains("moov_sample1.txt,")).count()).isEqualTo(17);
        assertThat(err.toString()).contains("17 records").contains("control totals OK").doesNotContain("source_file");
    }

    @Test
    void statementWhoseBalancesDoNotTieExitsThreeButStillWritesRecords() throws Exception {
        Path csv = tmp.resolve("mt940.csv");
        int status = run("parse", "--format", "mt940", sample("qoomon_valid-mt940.txt").toString(), "--out", csv.toString());
        assertThat(status).isEqualTo(ReconCommand.EXIT_CONTROL_TOTALS);
        // three records (one has a multi-line :86: description, so count rows, not lines)
        assertThat(Files.readAllLines(csv).stream().filter(l -> l.contains("qoomon_valid-mt940.txt,")).count()).isEqualTo(3);
        assertThat(err.toString()).contains("opening + entries = closing");
    }

    @Test
    void aFileOfAnotherFormatFailsWithFileLineReasonAndNoStackTrace() throws Exception {
        Path notMt940 = tmp.resolve("hello.txt");
        Files.writeString(notMt940, "hello,world\n1,2\n");
        int status = run("parse", "--format", "mt940", notMt940.toString(), "--out", tmp.resolve("x.csv").toString());
        assertThat(status).isEqualTo(ReconCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains(notMt940 + ":").doesNotContain("\tat ");
    }

    @Test
    void aMissingFileIsOneClearLine() {
        int status = run("parse", "--format", "auto", tmp.resolve("nope.csv").toString());
        assertThat(status).isEqualTo(ReconCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("nope.csv: no such file or not readable").doesNotContain("\tat ");
    }

    @Test
    void anUnknownFormatIsBadUsage() throws Exception {
        int status = run("parse", "--format", "telex", sample("moov_sample1.txt").toString());
        assertThat(status).isEqualTo(ReconCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("telex");
    }
}
