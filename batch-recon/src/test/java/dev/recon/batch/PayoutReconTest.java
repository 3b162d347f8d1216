package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.batch.generate.SettlementScenario;
import dev.recon.batch.generate.SettlementScenario.GroundTruth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 4b through {@link BatchReconApplication#run}: the generated Adyen day's MerchantPayout
 * (batch 1128, dated the day after the business date) against a generated MT940 statement: equal
 * credit MATCHED, a credit 1.00 short PAYOUT_MISMATCH, no credit PENDING before the payout is due
 * and MISSING_PAYOUT after; the payout rows are in results.csv and summary.json.
 */
class PayoutReconTest {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    @TempDir
    Path tmp;

    @Test
    void payoutEqualToTheBankCreditIsMatched() throws Exception {
        GroundTruth truth = scenario();
        Map<String, String> row = payoutRow(truth, DAY, statement(payout(truth), "ADYEN NV PAYOUT BATCH 1128"), 0);
        assertThat(row.get("status")).isEqualTo("MATCHED");
        assertThat(row.get("rule")).isEqualTo("payout:payout_batch");
    }

    @Test
    void creditThatDiffersIsPayoutMismatch() throws Exception {
        GroundTruth truth = scenario();
        BigDecimal short1 = payout(truth).subtract(BigDecimal.ONE);
        Map<String, String> row = payoutRow(truth, DAY, statement(short1, "ADYEN NV PAYOUT BATCH 1128"), 1);
        assertThat(row.get("status") + "/" + row.get("break_type")).isEqualTo("BREAK/PAYOUT_MISMATCH");
        assertThat(row.get("difference")).isEqualTo("-1.00");
    }

    @Test
    void noCreditIsPendingUntilDueThenMissingPayout() throws Exception {
        GroundTruth truth = scenario();
        Path other = statement(new BigDecimal("7.00"), "SOMEONE ELSE");
        assertThat(payoutRow(truth, DAY, other, 0).get("status")).isEqualTo("PENDING");
        Map<String, String> late = payoutRow(truth, DAY.plusDays(3), other, 1);
        assertThat(late.get("status") + "/" + late.get("break_type")).isEqualTo("BREAK/MISSING_PAYOUT");
    }

    @Test
    void aSettlementFileAsBankStatementIsRefusedWithOneLine() throws Exception {
        GroundTruth truth = scenario();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BatchReconApplication.run(args(truth, DAY, truth.settlementCsv(), tmp.resolve("out")),
                new PrintStream(err, true, StandardCharsets.UTF_8), props());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bank-statement").contains("not a bank statement")
                .doesNotContain("\tat ");
    }

    private GroundTruth scenario() throws Exception {
        return new SettlementScenario(DAY, 50, 3).writeTo(tmp.resolve("in"));
    }

    private Map<String, Object> props() throws Exception {
        Path config = tmp.resolve("recon.yaml");
        Files.writeString(config, SettlementScenario.FEE_SCHEDULE_YAML);
        return Map.of("recon.batch.home", tmp.resolve("home").toString(), "recon.config", config.toString());
    }

    private String[] args(GroundTruth truth, LocalDate date, Path statement, Path out) {
        return new String[] {"--channel", "adyen", "--date", date.toString(), "--settlement",
            truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--bank-statement",
            statement.toString(), "--out", out.toString()};
    }

    private Map<String, String> payoutRow(GroundTruth truth, LocalDate date, Path statement, int breaks)
            throws Exception {
        // The USD payout never has a credit in these statements: PENDING on the day, MISSING_PAYOUT once due.
        int usdBreaks = date.isAfter(DAY.plusDays(1)) ? 1 : 0;
        Path out = tmp.resolve("out-" + date + "-" + statement.getFileName());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BatchReconApplication.run(args(truth, date, statement, out),
                new PrintStream(err, true, StandardCharsets.UTF_8), props());
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<Map<String, String>> payouts = ResultsCsv.read(out.resolve("results.csv")).stream()
                .filter(r -> r.get("type").equals("PAYOUT")).toList();
        payouts = payouts.stream().filter(r -> r.get("currency").equals("EUR")).toList();
        assertThat(payouts).hasSize(1);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        // The generated day pays out EUR and USD (the CURRENCY_MISMATCH line): two payout rows, one per currency.
        assertThat(summary.get("payouts")).hasSize(2);
        JsonNode eur = null;
        for (JsonNode p : summary.get("payouts")) {
            eur = p.get("currency").asText().equals("EUR") ? p : eur;
        }
        assertThat(eur.get("status").asText()).isEqualTo(payouts.get(0).get("status"));
        assertThat(summary.at("/breaks_by_type/PAYOUT_MISMATCH").asLong()
                + summary.at("/breaks_by_type/MISSING_PAYOUT").asLong()).isEqualTo(breaks + usdBreaks);
        assertThat(summary.at("/results/total").asLong())
                .isEqualTo(ResultsCsv.read(out.resolve("results.csv")).size());
        return payouts.get(0);
    }

    /** The MerchantPayout's amount (Net Debit of the generated file's payout line). */
    private static BigDecimal payout(GroundTruth truth) throws Exception {
        String line = Files.readAllLines(truth.settlementCsv()).stream().filter(l -> l.contains("MerchantPayout"))
                .findFirst().orElseThrow();
        return new BigDecimal(line.split(",")[14]);
    }

    /** A one-entry MT940 statement crediting {@code amount} EUR on the payout's date. */
    private Path statement(BigDecimal amount, String narrative) throws Exception {
        String a = amount.toPlainString().replace('.', ',');
        String text = String.join("\r\n", ":20:STMT0001", ":25:NL91ABNA0417164300", ":28C:1/1",
                ":60F:C260105EUR0,00", ":61:2601060106C" + a + "NTRFNONREF//B1128", ":86:" + narrative,
                ":62F:C260106EUR" + a, "-") + "\r\n";
        Path f = tmp.resolve("statement-" + a + "-" + narrative.hashCode() + ".sta");
        Files.writeString(f, text);
        return f;
    }
}
