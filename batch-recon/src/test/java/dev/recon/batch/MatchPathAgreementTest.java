package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.batch.generate.MultiDayScenario;
import dev.recon.batch.generate.SettlementScenario;
import dev.recon.batch.generate.SettlementScenario.GroundTruth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The match step's columnar path (recon-core's {@code ColumnarReconciliation}, the default) and
 * its reference path ({@code recon.batch.match=engine}: every key through {@code ReconEngine})
 * write byte-identical outputs (results.csv, summary.json, quarantine.csv, report.html) through
 * {@link BatchReconApplication#run}: on seeded generated days with an injected break of every type
 * the settlement leg shows, a pending entry, a quarantined row and payouts against a bank
 * statement; and on several days in a row with open items carried in and resolved. Each path has
 * its own operational database. Replay one seed with {@code -Drecon.seed=N}.
 */
class MatchPathAgreementTest {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    static final List<String> OUTPUTS = List.of("results.csv", "summary.json", "quarantine.csv", "report.html");

    @TempDir
    Path tmp;

    static LongStream seeds() {
        String one = System.getProperty("recon.seed");
        return one != null ? LongStream.of(Long.parseLong(one)) : LongStream.rangeClosed(1, 4);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bothPathsWriteTheSameOutputsForADayWithEveryBreakType(long seed) throws Exception {
        // given: 400 payments with every injected break, a malformed row, and a payout that does not tie
        GroundTruth truth = new SettlementScenario(DAY, 400 + (int) (seed * 37), seed).withMalformedRow()
                .withPayoutNotTying().writeTo(tmp.resolve("in"));
        Path statement = statement();
        String[] common = {"--channel", "adyen", "--date", DAY.toString(), "--settlement",
            truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--bank-statement",
            statement.toString()};

        // when
        String engineErr = run("engine", common, tmp.resolve("out-engine"), 3);
        String columnarErr = run("columnar", common, tmp.resolve("out-columnar"), 3);

        // then
        assertThat(engineErr).doesNotContain("(columnar)");
        assertThat(columnarErr).containsPattern("[1-9][0-9,]* ledger entries in plain keys \\(columnar\\)");
        assertSameOutputs(tmp.resolve("out-engine"), tmp.resolve("out-columnar"));
        assertThat(Files.readString(tmp.resolve("out-columnar/results.csv"))).contains("AMOUNT_MISMATCH")
                .contains("CURRENCY_MISMATCH").contains("STATUS_MISMATCH").contains("DUPLICATE")
                .contains("OVER_REFUND").contains("MISSING_IN_CHANNEL").contains("MISSING_INTERNAL")
                .contains("PENDING").contains("PAYOUT");
    }

    @Test
    void bothPathsWriteTheSameOutputsDayAfterDayWithOpenItemsCarried() throws Exception {
        // given
        List<MultiDayScenario.Day> days = new MultiDayScenario(LocalDate.of(2026, 1, 7), 30).writeTo(tmp.resolve("in"));
        Path config = tmp.resolve("recon.yaml");
        Files.writeString(config, MultiDayScenario.LAG_YAML);
        List<String> columnarLines = new ArrayList<>();

        for (MultiDayScenario.Day day : days) {
            String[] common = {"--channel", "adyen", "--date", day.date().toString(), "--settlement",
                day.settlementCsv().toString(), "--internal", day.internalCsv().toString()};
            // when
            run("engine", common, tmp.resolve("engine-" + day.date()), 0, config);
            columnarLines.add(run("columnar", common, tmp.resolve("columnar-" + day.date()), 0, config));
            // then
            assertSameOutputs(tmp.resolve("engine-" + day.date()), tmp.resolve("columnar-" + day.date()));
        }
        assertThat(String.join("\n", columnarLines))
                .containsPattern("[1-9][0-9,]* ledger entries in plain keys \\(columnar\\)");
        assertThat(Files.readString(tmp.resolve("columnar-" + days.get(days.size() - 1).date() + "/results.csv")))
                .contains("carried:resolved");
    }

    private String run(String path, String[] common, Path out, int expectedStatus) throws Exception {
        return run(path, common, out, expectedStatus, null);
    }

    private String run(String path, String[] common, Path out, int expectedStatus, Path config) throws Exception {
        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of("--out", out.toString()));
        Map<String, Object> props = config == null
                ? Map.of("recon.batch.home", tmp.resolve("home-" + path).toString(), "recon.batch.match", path)
                : Map.of("recon.batch.home", tmp.resolve("home-" + path).toString(), "recon.batch.match", path,
                        "recon.config", config.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BatchReconApplication.run(args.toArray(new String[0]),
                new PrintStream(err, true, StandardCharsets.UTF_8), props);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(stderr).isEqualTo(expectedStatus);
        return stderr;
    }

    private static void assertSameOutputs(Path engine, Path columnar) throws Exception {
        for (String name : OUTPUTS) {
            assertThat(Files.readString(columnar.resolve(name))).as(name)
                    .isEqualTo(Files.readString(engine.resolve(name)));
        }
    }

    /** A one-entry MT940 statement crediting 10.00 EUR on the payout's date (no batch id: a PAYOUT break). */
    private Path statement() throws Exception {
        String a = new BigDecimal("10.00").toPlainString().replace('.', ',');
        String text = String.join("\r\n", ":20:STMT0001", ":25:NL91ABNA0417164300", ":28C:1/1",
                ":60F:C260105EUR0,00", ":61:2601060106C" + a + "NTRFNONREF//B1128", ":86:SOMEONE ELSE",
                ":62F:C260106EUR" + a, "-") + "\r\n";
        Path f = tmp.resolve("statement.sta");
        Files.writeString(f, text);
        return f;
    }
}
