package dev.recon.batch.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Generates one business day of an Adyen channel: our internal transactions CSV (canonical ledger
 * export) and the channel's settlement details report (Adyen layout), with one injected break of
 * every type the settlement leg can show and the ground truth of what a correct reconciliation
 * must report. Deterministic for a seed.
 *
 * <p>What is injected (key = transaction_id, or the channel reference for rows we do not have):
 * MISSING_IN_CHANNEL (no settlement line), MISSING_INTERNAL (a line we have no entry for),
 * AMOUNT_MISMATCH (gross +1.00), CURRENCY_MISMATCH (settled in USD, booked in EUR),
 * STATUS_MISMATCH (a settlement for a payment we marked FAILED), DUPLICATE (a line reported
 * twice), OVER_REFUND (two refunds of 30 on a payment of 50), FEE_MISMATCH (commission 0.50 above
 * {@link #FEE_SCHEDULE_YAML}), and a PENDING entry created after the business date. Options add a
 * malformed settlement row (quarantined) and a MerchantPayout that does not equal the batch's net
 * (control total does not tie).
 *
 * <p>Assumptions: channel "adyen", UTC, T+0 (the built-in calendar); every normal line's fee
 * follows the schedule (100 bps + 0.10 on payments), so only the injected FEE_MISMATCH differs.
 */
public final class SettlementScenario {

    public static final String CHANNEL = "adyen";

    /** recon.yaml that turns on fee checks with the schedule the generator charges. */
    public static final String FEE_SCHEDULE_YAML = """
            version: "scenario-fees-1"
            channels:
              adyen:
                fee_schedule:
                  - category: PAYMENT
                    percent_bps: "100"
                    fixed: "0.10"
                    tolerance: "0.00"
            """;

    static final String ADYEN_HEADER = String.join(",", dev.recon.parsers.adyen.AdyenReportRow.HEADER);

    /** What a correct reconciliation reports for one key: status and break type (empty unless BREAK). */
    public record Expected(String status, String breakType) {
    }

    /** The files written and the truth about them. */
    public record GroundTruth(Path internalCsv, Path settlementCsv, LocalDate businessDate,
            Map<String, Expected> byTransactionId, Map<String, Expected> byChannelRef, int settlementRows,
            int internalRows, int quarantinedRows, int otherChannelRows, boolean controlTotalsTie) {

        /** Every break key with its type, for "every injected break is found". */
        public Map<String, String> injectedBreaks() {
            Map<String, String> m = new TreeMap<>();
            byTransactionId.forEach((k, v) -> {
                if (v.status().equals("BREAK")) {
                    m.put("txn:" + k, v.breakType());
                }
            });
            byChannelRef.forEach((k, v) -> {
                if (v.status().equals("BREAK")) {
                    m.put("ref:" + k, v.breakType());
                }
            });
            return m;
        }
    }

    private final LocalDate date;
    private final Random random;
    private final int payments;
    private boolean malformedRow;
    private boolean payoutOff;
    /** Rows go straight to the files as they are generated: 10M-row days fit in a small heap. */
    private LineOut internal;
    private LineOut settlement;
    private boolean matchedTruth = true;
    private final Map<String, Expected> byTxn = new LinkedHashMap<>();
    private final Map<String, Expected> byRef = new LinkedHashMap<>();
    private final Map<String, Long> netByCurrency = new TreeMap<>();
    private int quarantined;
    private int otherChannel;
    private long refSeq = 1;

    public SettlementScenario(LocalDate businessDate, int payments, long seed) {
        this.date = businessDate;
        this.payments = payments;
        this.random = new Random(seed);
    }

    /** Adds a settlement row with an unreadable amount: it must land in quarantine, not break the day. */
    public SettlementScenario withMalformedRow() {
        this.malformedRow = true;
        return this;
    }

    /** Makes the MerchantPayout 0.01 short of the batch's net: the control total must fail (exit 3). */
    public SettlementScenario withPayoutNotTying() {
        this.payoutOff = true;
        return this;
    }

    /**
     * Leaves the matched rows out of the ground truth (only breaks and pending are listed): for
     * benchmark days of millions of rows, where a map entry per row would dominate the heap.
     */
    public SettlementScenario withoutMatchedTruth() {
        this.matchedTruth = false;
        return this;
    }

    /**
     * Writes a scenario for manual runs and benchmarks:
     * {@code java -cp batch-recon-exec.jar -Dloader.main=dev.recon.batch.generate.SettlementScenario
     * org.springframework.boot.loader.launch.PropertiesLauncher DIR [PAYMENTS] [SEED] [YYYY-MM-DD]}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SettlementScenario DIR [PAYMENTS] [SEED] [YYYY-MM-DD]");
            System.exit(2);
        }
        int payments = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1L;
        LocalDate day = args.length > 3 ? LocalDate.parse(args[3]) : LocalDate.of(2026, 1, 5);
        GroundTruth truth = new SettlementScenario(day, payments, seed).withoutMatchedTruth().writeTo(Path.of(args[0]));
        Files.writeString(Path.of(args[0]).resolve("recon.yaml"), FEE_SCHEDULE_YAML);
        System.err.println("wrote " + truth.internalCsv() + " (" + truth.internalRows() + " rows), " + truth.settlementCsv()
                + " (" + truth.settlementRows() + " rows), " + truth.injectedBreaks().size() + " injected breaks");
    }

    public GroundTruth writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path internalCsv = dir.resolve("internal.csv");
        Path settlementCsv = dir.resolve("settlement_detail_report_batch_1128.csv");
        try (Writer iw = Files.newBufferedWriter(internalCsv, StandardCharsets.UTF_8);
                Writer sw = Files.newBufferedWriter(settlementCsv, StandardCharsets.UTF_8)) {
            iw.write("transaction_id,payment_id,merchant_id,channel,channel_ref,parent_payment_id,parent_channel_ref,"
                    + "type,status,amount,currency,created_at\n");
            sw.write(ADYEN_HEADER);
            sw.write('\n');
            internal = new LineOut(iw);
            settlement = new LineOut(sw);
            generate();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new GroundTruth(internalCsv, settlementCsv, date, Map.copyOf(byTxn), Map.copyOf(byRef), settlement.size(),
                internal.size(), quarantined, otherChannel, !payoutOff);
    }

    private void generate() {
        for (int i = 1; i <= payments; i++) {
            String txn = String.format("pay-%05d", i);
            BigDecimal amount = amount();
            String psp = psp();
            payment(txn, psp, amount, "EUR", "SUCCEEDED", at(i));
            settled(psp, txn, amount, "EUR", fee(amount), at(i));
            if (matchedTruth) {
                byTxn.put(txn, matched());
            }
            if (i % 10 == 0) {
                String refTxn = String.format("ref-%05d", i);
                String refRef = psp();
                BigDecimal refund = amount.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
                refund(refTxn, txn, refRef, psp, refund, "EUR", at(i).plusSeconds(60));
                refunded(psp, refRef, txn, refund, "EUR", at(i).plusSeconds(60));
                if (matchedTruth) {
                    byTxn.put(refTxn, matched());
                }
            }
        }
        injectBreaks();
        for (int i = 1; i <= 3; i++) {
            internal.add(String.join(",", "str-" + i, "str-" + i, "m-1", "stripe", "ch_" + i, "", "", "PAYMENT",
                    "SUCCEEDED", "10.00", "EUR", at(i).toString()));
            otherChannel++;
        }
        if (malformedRow) {
            settlement.add(adyenRow(psp(), "bad-1", at(1), "Settled", "", "EUR", "", "\"12,3x\"", "EUR", "", "12.00", "", ""));
            quarantined++;
        }
        settlement.add(adyenRow("", "", at(20).plusSeconds(3600), "Fee", "monthly fee", "", "", "", "EUR", "5.00", "",
                "", ""));
        netByCurrency.merge("EUR", -500L, Long::sum);
        for (Map.Entry<String, Long> e : netByCurrency.entrySet()) {
            long payout = e.getValue() - (payoutOff && e.getKey().equals("EUR") ? 1 : 0);
            settlement.add(adyenRow("", "", date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), "MerchantPayout",
                    "TX" + e.getKey() + " batch 1128", "", "", "", e.getKey(), major(payout), "", "", ""));
        }
    }

    /** Appends lines to one of the files and counts them. */
    private static final class LineOut {
        private final Writer out;
        private int count;

        LineOut(Writer out) {
            this.out = out;
        }

        void add(String line) {
            try {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count++;
        }

        int size() {
            return count;
        }
    }

    private void injectBreaks() {
        java.time.Instant t = at(7);
        String psp = psp();
        payment("mic-1", psp, new BigDecimal("21.00"), "EUR", "SUCCEEDED", t);
        byTxn.put("mic-1", brk("MISSING_IN_CHANNEL"));

        psp = psp();
        settled(psp, "unknown-1", new BigDecimal("17.00"), "EUR", fee(new BigDecimal("17.00")), t);
        byRef.put(psp, brk("MISSING_INTERNAL"));

        psp = psp();
        payment("amt-1", psp, new BigDecimal("40.00"), "EUR", "SUCCEEDED", t);
        settled(psp, "amt-1", new BigDecimal("41.00"), "EUR", fee(new BigDecimal("41.00")), t);
        byTxn.put("amt-1", brk("AMOUNT_MISMATCH"));

        psp = psp();
        payment("ccy-1", psp, new BigDecimal("25.00"), "EUR", "SUCCEEDED", t);
        settled(psp, "ccy-1", new BigDecimal("25.00"), "USD", fee(new BigDecimal("25.00")), t);
        byTxn.put("ccy-1", brk("CURRENCY_MISMATCH"));

        psp = psp();
        payment("sts-1", psp, new BigDecimal("15.00"), "EUR", "FAILED", t);
        settled(psp, "sts-1", new BigDecimal("15.00"), "EUR", fee(new BigDecimal("15.00")), t);
        byTxn.put("sts-1", brk("STATUS_MISMATCH"));

        psp = psp();
        payment("dup-1", psp, new BigDecimal("33.00"), "EUR", "SUCCEEDED", t);
        settled(psp, "dup-1", new BigDecimal("33.00"), "EUR", fee(new BigDecimal("33.00")), t);
        settled(psp, "dup-1", new BigDecimal("33.00"), "EUR", fee(new BigDecimal("33.00")), t);
        byTxn.put("dup-1", matched());
        byRef.put(psp, brk("DUPLICATE"));

        psp = psp();
        payment("ovr-1", psp, new BigDecimal("50.00"), "EUR", "SUCCEEDED", t);
        settled(psp, "ovr-1", new BigDecimal("50.00"), "EUR", fee(new BigDecimal("50.00")), t);
        for (int r = 1; r <= 2; r++) {
            String refRef = psp();
            refund("ovr-1-r" + r, "ovr-1", refRef, psp, new BigDecimal("30.00"), "EUR", t.plusSeconds(60L * r));
            refunded(psp, refRef, "ovr-1", new BigDecimal("30.00"), "EUR", t.plusSeconds(60L * r));
        }
        byTxn.put("ovr-1", matched());
        byTxn.put("ovr-1-r1", matched());
        byTxn.put("ovr-1-r2", brk("OVER_REFUND"));

        psp = psp();
        payment("fee-1", psp, new BigDecimal("60.00"), "EUR", "SUCCEEDED", t);
        settled(psp, "fee-1", new BigDecimal("60.00"), "EUR", fee(new BigDecimal("60.00")).add(new BigDecimal("0.50")), t);
        byTxn.put("fee-1", brk("FEE_MISMATCH"));

        psp = psp();
        payment("pnd-1", psp, new BigDecimal("12.00"), "EUR", "SUCCEEDED",
                date.plusDays(1).atTime(1, 0).toInstant(ZoneOffset.UTC));
        byTxn.put("pnd-1", new Expected("PENDING", ""));
    }

    private static Expected matched() {
        return new Expected("MATCHED", "");
    }

    private static Expected brk(String type) {
        return new Expected("BREAK", type);
    }

    private BigDecimal amount() {
        return BigDecimal.valueOf(500 + random.nextInt(99_500), 2);
    }

    private static BigDecimal fee(BigDecimal gross) {
        return gross.multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(10_000), 2, RoundingMode.HALF_UP)
                .add(new BigDecimal("0.10"));
    }

    private String psp() {
        return String.format("8815%012d", refSeq++);
    }

    private java.time.Instant at(int i) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds((i * 37L) % 82_800 + 60);
    }

    private void payment(String txn, String psp, BigDecimal amount, String ccy, String status, java.time.Instant t) {
        internal.add(String.join(",", txn, txn, "m-1", CHANNEL, psp, "", "", "PAYMENT", status, amount.toPlainString(), ccy,
                t.toString()));
    }

    private void refund(String txn, String parent, String ref, String parentRef, BigDecimal amount, String ccy,
            java.time.Instant t) {
        internal.add(String.join(",", txn, txn, "m-1", CHANNEL, ref, parent, parentRef, "REFUND", "SUCCEEDED",
                amount.toPlainString(), ccy, t.toString()));
    }

    private void settled(String psp, String merchantRef, BigDecimal gross, String ccy, BigDecimal fee, java.time.Instant t) {
        BigDecimal net = gross.subtract(fee);
        settlement.add(adyenRow(psp, merchantRef, t, "Settled", psp, ccy, "", gross.toPlainString(), ccy, "",
                net.toPlainString(), fee.toPlainString(), ""));
        netByCurrency.merge(ccy, net.movePointRight(2).longValueExact(), Long::sum);
    }

    private void refunded(String psp, String refRef, String merchantRef, BigDecimal amount, String ccy, java.time.Instant t) {
        settlement.add(adyenRow(psp, merchantRef, t, "Refunded", refRef, ccy, amount.toPlainString(), "", ccy,
                amount.toPlainString(), "", "", ""));
        netByCurrency.merge(ccy, -amount.movePointRight(2).longValueExact(), Long::sum);
    }

    static String adyenRow(String psp, String merchantRef, java.time.Instant t, String type, String modRef,
            String grossCcy, String grossDebit, String grossCredit, String netCcy, String netDebit, String netCredit,
            String commission, String unused) {
        String mod = modRef.contains(",") ? "\"" + modRef + "\"" : modRef;
        return String.join(",", dev.recon.parsers.adyen.AdyenReportRow.cells(psp, merchantRef, t, type, mod, grossCcy,
                grossDebit, grossCredit, netCcy, netDebit, netCredit, commission, "1128"));
    }

    private static String major(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }
}
