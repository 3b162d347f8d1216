package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.batch.generate.SettlementScenario;
import dev.recon.batch.generate.SettlementScenario.GroundTruth;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a finance operator sees it: rendered by headless Chromium (Debian's
 * {@code chromium}), a screenshot that is a real picture, and every number on the rendered page
 * ({@code data-metric} elements of the DOM Chromium built) equal to the same field of summary.json.
 * Without chromium on the PATH the test fails and says how to install it: a report nobody looked
 * at is not tested.
 */
class ReportHtmlChromiumITCase {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    static final Pattern METRIC = Pattern.compile("data-metric=\"([^\"]+)\"[^>]*>([^<]*)<");

    @TempDir
    Path tmp;

    @Test
    void renderedReportShowsTheNumbersOfSummaryJson() throws Exception {
        // given: a day with breaks of every type, a quarantined row and amounts at risk
        Path chromium = chromium();
        GroundTruth truth = new SettlementScenario(DAY, 300, 7).withMalformedRow().writeTo(tmp.resolve("in"));
        Path config = tmp.resolve("recon.yaml");
        Files.writeString(config, SettlementScenario.FEE_SCHEDULE_YAML);
        Path out = tmp.resolve("out");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BatchReconApplication.run(new String[] {"--channel", "adyen", "--date", DAY.toString(),
            "--settlement", truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--out",
            out.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("recon.batch.home", tmp.resolve("home").toString(), "recon.config", config.toString()));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Path report = out.resolve("report.html");
        Path png = tmp.resolve("report.png");

        // when
        run(chromium, "--screenshot=" + png, "--window-size=1280,2000", report.toUri().toString());
        String dom = run(chromium, "--dump-dom", report.toUri().toString());

        // then: the screenshot is a picture of the page, not a blank or error frame
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(20_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(2000);
        assertThat(distinctColours(image)).as("colours in the screenshot").isGreaterThan(20);

        // and: every number Chromium shows equals summary.json's
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher m = METRIC.matcher(dom);
        while (m.find()) {
            shown.put(m.group(1), m.group(2).trim());
        }
        assertThat(shown).containsKeys("results.total", "results.matched", "results.pending", "results.breaks",
                "results.match_rate", "settlement.read", "internal.read", "settlement.quarantined", "amount_at_risk.EUR",
                "breaks_by_type.AMOUNT_MISMATCH", "breaks_by_type.MISSING_INTERNAL", "open_items_carried_forward");
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> e : shown.entrySet()) {
            JsonNode node = summary;
            for (String part : e.getKey().split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            String expected = node == null ? "<missing in summary.json>"
                    : node.isBoolean() ? (node.asBoolean() ? "closed" : "NOT closed") : node.asText();
            if (!expected.equals(e.getValue())) {
                mismatches.add(e.getKey() + ": page " + e.getValue() + ", summary.json " + expected);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(shown.get("results.breaks")).isEqualTo(Long.toString(truth.injectedBreaks().size()));
    }

    private static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new AssertionError("chromium is not on the PATH: this test renders report.html in headless Chromium; "
                + "install Debian's package with `apt-get install -y chromium` (.ci/run lists it as required)");
    }

    private String run(Path chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(List.of(args));
        Path stdout = tmp.resolve("chromium.out");
        Path stderr = tmp.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(stderr));
        }
        assertThat(p.exitValue()).as("chromium exit status; stderr: %s", Files.readString(stderr)).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
                if (colours.size() > 1000) {
                    return colours.size();
                }
            }
        }
        return colours.size();
    }
}
