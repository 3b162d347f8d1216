package dev.recon.cli.demo;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.parsers.adyen.AdyenReportRow;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One business day of realistic Adyen traffic through all three legs, written as the files the
 * platform reads: {@code payment-events.jsonl} and {@code channel-callbacks.jsonl} (the stream's
 * input), {@code ledger.csv} (our canonical internal transactions export) and the channel's
 * settlement details report in Adyen's layout (the batch's input), with discrepancies and fraud
 * patterns injected at known places, and {@code expected.csv}: what a correct reconciliation must
 * report for every key of each leg.
 *
 * <p>Every payment is one object from which all legs are derived, so the legs agree except where a
 * discrepancy is injected on purpose. What is injected:
 * <ul>
 * <li>callbacks: missing (MISSING_IN_CHANNEL), amount off (AMOUNT_MISMATCH), FAILED while we
 * captured (STATUS_MISMATCH), a second capture under a new callback id (DUPLICATE), redelivered
 * (ignored), without our payment id (resolved by channel reference), two minutes before the payment
 * (clock skew), two hours late (a break first, then resolved: MATCHED with a later version), and
 * callbacks for payments we never saw (MISSING_INTERNAL);</li>
 * <li>settlement: missing lines, gross off by 1.00, a fee above the schedule (FEE_MISMATCH), a line
 * reported twice (DUPLICATE), lines we have no entry for, entries after the business date
 * (PENDING), one malformed row (quarantined), a Fee line and a MerchantPayout per currency that
 * ties;</li>
 * <li>bad events: a line that is not JSON, an unknown currency, a callback without its
 * reference (dead letters);</li>
 * <li>fraud: a card-testing burst on one device, a card used eight times in eight minutes,
 * structuring under 10,000 EUR, a blocked BIN, a card from one country used from a high-risk
 * country, and two very large payments.</li>
 * </ul>
 * Deterministic for a seed and a business date. Channel rules: {@link #RECON_YAML}.
 */
public final class DemoTraffic {

    public static final String CHANNEL = "adyen";
    public static final String MERCHANT = "m-acme";

    /** The channel rules the demo runs with: T+0 every day in UTC, a 15-minute callback timeout, a fee schedule. */
    public static final String RECON_YAML = """
            version: "demo-2026.11"
            defaults:
              time_zone: UTC
              tolerance: { absolute: "0.00" }
            channels:
              adyen:
                time_zone: UTC
                settlement_lag_days: 0
                weekend: []          # this acquirer settles seven days a week
                callback_timeout: PT15M
                fee_schedule:
                  - { category: PAYMENT, percent_bps: 100, fixed: "0.10", tolerance: "0.00" }
            """;


    /** What a leg must report for one key; {@code key} is {@code txn:<transaction_id>} or {@code ref:<channel_ref>:<type>}. */
    public record Expectation(String leg, String key, String outcome) {
    }

    /** The files written and what a correct run must find in them. */
    public record Written(Path dir, Path events, Path callbacks, Path ledger, Path settlement, Path reconYaml,
            Path expected, LocalDate businessDate, List<Expectation> expectations, Map<String, String> fraudPatterns,
            int eventLines, int callbackLines, int ledgerRows, int settlementRows, int deadLetters,
            int quarantinedRows) {
    }

    /** The first payments take each callback case (the draw ranges below) once, then draws decide. */
    private static final int[] FORCED_CALLBACK_CASES = {0, 5, 10, 13, 23, 25, 45, 48};
    private static final int[] FORCED_SETTLEMENT_CASES = {0, 4, 7, 9};

    /** Leg names in {@code expected.csv}. */
    public static final String STREAM = "stream";
    public static final String BATCH = "batch";

    private final LocalDate day;
    private final int payments;
    private final SplittableRandom random;
    private final Instant dayStart;
    private final String tag;

    private final List<Line> eventLines = new ArrayList<>();
    private final List<Line> callbackLines = new ArrayList<>();
    private final List<String[]> ledger = new ArrayList<>();
    private final List<String[]> settlement = new ArrayList<>();
    private final Map<String, String> stream = new LinkedHashMap<>();
    private final Map<String, String> batch = new LinkedHashMap<>();
    /** payment_id -> the fraud pattern it belongs to. */
    private final Map<String, String> fraud = new TreeMap<>();
    private final Map<String, Long> netByCurrency = new TreeMap<>();
    private long pspSeq;
    private int deadLetters;
    private int quarantined;
    private int eventSeq;

    /** A JSONL line with the event time it is ordered by (files are in event-time order, as topics roughly are). */
    private record Line(Instant at, String text) {
    }

    public DemoTraffic(LocalDate businessDate, int payments, long seed) {
        if (payments < 100) {
            throw new IllegalArgumentException("--payments must be at least 100 (got " + payments + ")");
        }
        this.day = businessDate;
        this.payments = payments;
        this.random = new SplittableRandom(seed);
        this.dayStart = businessDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        // Ids unique per business date and seed: demo runs of other days or seeds never share a
        // recon_id (a hash of mode, channel and transaction_id) in long-lived stores; a repeated run
        // reuses its own, so landing it again replaces rather than adds.
        this.tag = businessDate.toString().replace("-", "") + "s" + Math.floorMod(seed, 1_000_000L);
        this.pspSeq = (Math.floorMod(businessDate.toEpochDay(), 100) * 100 + Math.floorMod(seed, 100)) * 100_000_000L;
    }

    public Written writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        long spacing = Duration.ofHours(23).toMillis() / payments;
        for (int i = 0; i < payments; i++) {
            Instant t = dayStart.plusSeconds(60).plusMillis(spacing * i + random.nextLong(Math.max(1, spacing / 2)));
            normalPayment(i, t);
        }
        afterBusinessDate();
        fraudPatterns();
        channelOnlyRecords();
        badInput();
        closeSettlement();
        return write(dir);
    }

    // ---- the payment legs --------------------------------------------------------------------

    private void normalPayment(int i, Instant t) {
        String id = String.format("pay-%s-%07d", tag, i);
        String currency = random.nextInt(4) == 0 ? "USD" : "EUR";
        Money amount = Money.ofMinor(500 + random.nextLong(99_500), currency);
        String customer = String.format("cust-%06d", random.nextInt(Math.max(1, payments / 3)));
        FraudFeatures features = cleanFeatures(customer);
        String psp = psp();
        event(id, null, psp, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amount, t, features);
        ledger(id, id, psp, null, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amount, t);

        // The callback leg: one draw decides what the channel's notification does.
        int r = random.nextInt(1000);
        if (i < FORCED_CALLBACK_CASES.length) {
            r = FORCED_CALLBACK_CASES[i]; // every case at least once, however small the day
        }
        String cb = "cb-" + id;
        Instant cbAt = t.plusSeconds(5 + random.nextInt(55));
        if (r < 5) {
            stream.put(txn(id), "MISSING_IN_CHANNEL");
        } else if (r < 10) {
            Money off = Money.ofMinor(amount.minorUnits() + 50 + random.nextInt(500), currency);
            callback(cb, psp, null, id, CallbackStatus.CAPTURED, true, off, cbAt);
            stream.put(txn(id), "AMOUNT_MISMATCH");
        } else if (r < 13) {
            callback(cb, psp, null, id, CallbackStatus.FAILED, false, amount, cbAt);
            stream.put(txn(id), "STATUS_MISMATCH");
        } else if (r < 23) {
            callback(cb, psp, null, id, CallbackStatus.CAPTURED, true, amount, cbAt);
            callback(cb, psp, null, id, CallbackStatus.CAPTURED, true, amount, cbAt.plusSeconds(30));
            stream.put(txn(id), "MATCHED");
        } else if (r < 25) {
            callback(cb, psp, null, id, CallbackStatus.CAPTURED, true, amount, cbAt);
            callback(cb + "-2", psp, null, id, CallbackStatus.CAPTURED, true, amount, cbAt.plusSeconds(40));
            stream.put(txn(id), "MATCHED");
            stream.put(ref(psp, "DUPLICATE"), "DUPLICATE");
        } else if (r < 45) {
            callback(cb, psp, null, null, CallbackStatus.CAPTURED, true, amount, cbAt);
            stream.put(txn(id), "MATCHED");
        } else if (r < 48) {
            callback(cb, psp, null, id, CallbackStatus.CAPTURED, true, amount, t.plus(Duration.ofHours(2)));
            stream.put(txn(id), "MATCHED");
        } else if (r < 60) {
            callback(cb, psp, null, id, CallbackStatus.CAPTURED, true, amount, t.minusSeconds(120));
            stream.put(txn(id), "MATCHED");
        } else {
            callback(cb, psp, null, id, CallbackStatus.CAPTURED, true, amount, cbAt);
            stream.put(txn(id), "MATCHED");
        }

        // The settlement leg: an independent draw, so a payment can break in one leg and not the other.
        int s = random.nextInt(1000);
        if (i < FORCED_SETTLEMENT_CASES.length) {
            s = FORCED_SETTLEMENT_CASES[i];
        }
        Money fee = fee(amount);
        if (s < 4) {
            batch.put(txn(id), "MISSING_IN_CHANNEL");
        } else if (s < 7) {
            settled(psp, id, Money.ofMinor(amount.minorUnits() + 100, currency), fee, t);
            batch.put(txn(id), "AMOUNT_MISMATCH");
        } else if (s < 9) {
            settled(psp, id, amount, Money.ofMinor(fee.minorUnits() + 50, currency), t);
            batch.put(txn(id), "FEE_MISMATCH");
        } else if (s < 11) {
            settled(psp, id, amount, fee, t);
            settled(psp, id, amount, fee, t);
            batch.put(txn(id), "MATCHED");
            batch.put(ref(psp, "DUPLICATE"), "DUPLICATE");
        } else {
            settled(psp, id, amount, fee, t);
            batch.put(txn(id), "MATCHED");
        }

        // One payment in twenty is half refunded 30 minutes later, through every leg.
        if (i % 20 == 7 && s >= 11 && r >= 60 && t.isBefore(dayStart.plus(Duration.ofHours(22)))) {
            String refundId = "ref-" + id;
            String refundRef = psp();
            Money half = Money.ofMinor(amount.minorUnits() / 2, currency);
            Instant rt = t.plus(Duration.ofMinutes(30));
            event(refundId, id, refundRef, psp, TransactionType.REFUND, TransactionStatus.SUCCEEDED, half, rt, features);
            ledger(refundId, refundId, refundRef, id, psp, TransactionType.REFUND, TransactionStatus.SUCCEEDED, half, rt);
            callback("cb-" + refundId, refundRef, psp, refundId, CallbackStatus.REFUNDED, true, half, rt.plusSeconds(20));
            refunded(psp, refundRef, id, half, rt);
            stream.put(txn(refundId), "MATCHED");
            batch.put(txn(refundId), "MATCHED");
        }
    }

    /** Payments just after midnight: the stream matches them; the day's settlement cannot have them yet. */
    private void afterBusinessDate() {
        int count = Math.max(2, payments / 200);
        for (int k = 0; k < count; k++) {
            String id = String.format("nxt-%s-%05d", tag, k);
            Instant t = dayStart.plus(Duration.ofDays(1)).plusSeconds(600 + 60L * k);
            Money amount = Money.ofMinor(1000 + random.nextLong(20_000), "EUR");
            String psp = psp();
            event(id, null, psp, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amount, t,
                    cleanFeatures("cust-nxt-" + tag + "-" + k));
            ledger(id, id, psp, null, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amount, t);
            callback("cb-" + id, psp, null, id, CallbackStatus.CAPTURED, true, amount, t.plusSeconds(20));
            stream.put(txn(id), "MATCHED");
            batch.put(txn(id), "PENDING");
        }
    }

    // ---- fraud patterns ------------------------------------------------------------------------

    private void fraudPatterns() {
        Instant base = dayStart.plus(Duration.ofHours(3));
        // Card testing: small attempts from one device, most declined by the issuer.
        for (int k = 0; k < 6; k++) {
            boolean declined = k < 4;
            FraudFeatures f = new FraudFeatures("cust-ct-" + k, "fp-ct-" + k, "535522", String.format("%04d", 1000 + k),
                    "NL", "dev-cardtest-1", "203.0.113.7", "NL");
            fraudPayment("ct-" + tag + "-" + k, "card-testing", Money.ofMinor(100, "EUR"), base.plusSeconds(60L * k), f,
                    declined ? TransactionStatus.FAILED : TransactionStatus.SUCCEEDED);
        }
        // Velocity: one card, eight payments in eight minutes from different devices.
        base = dayStart.plus(Duration.ofHours(5));
        for (int k = 0; k < 8; k++) {
            FraudFeatures f = new FraudFeatures("cust-vel-1", "fp-vel-1", "448590", "4242", "FR", "dev-vel-" + k,
                    "198.51.100." + (10 + k), "FR");
            fraudPayment("vel-" + tag + "-" + k, "velocity", Money.ofMinor(2_000 + 500L * k, "EUR"), base.plusSeconds(60L * k), f,
                    TransactionStatus.SUCCEEDED);
        }
        // Structuring: one customer, three payments just under the 10,000 EUR reporting threshold.
        base = dayStart.plus(Duration.ofHours(9));
        for (int k = 0; k < 3; k++) {
            FraudFeatures f = new FraudFeatures("cust-str-1", "fp-str-" + k, "510510", "51" + k + "0", "DE", "dev-str-1",
                    "192.0.2.44", "DE");
            fraudPayment("str-" + tag + "-" + k, "structuring", Money.ofMinor(940_000 + 20_000L * k, "EUR"),
                    base.plus(Duration.ofMinutes(47L * k)), f, TransactionStatus.SUCCEEDED);
        }
        // A blocked BIN.
        fraudPayment("bin-" + tag, "blocked-bin", Money.ofMinor(12_900, "EUR"), dayStart.plus(Duration.ofHours(11)),
                new FraudFeatures("cust-bin-1", "fp-bin-1", "400000", "0002", "US", "dev-bin-1", "198.51.100.99", "US"),
                TransactionStatus.SUCCEEDED);
        // A German card used from a high-risk country.
        fraudPayment("geo-" + tag, "country-mismatch", Money.ofMinor(45_000, "EUR"), dayStart.plus(Duration.ofHours(13)),
                new FraudFeatures("cust-geo-1", "fp-geo-1", "522222", "7788", "DE", "dev-geo-1", "175.45.176.3", "KP"),
                TransactionStatus.SUCCEEDED);
        // Very large payments.
        for (int k = 0; k < 2; k++) {
            fraudPayment("big-" + tag + "-" + k, "high-amount", Money.ofMinor(620_000 + 1_000L * k, "EUR"),
                    dayStart.plus(Duration.ofHours(15 + k)),
                    new FraudFeatures("cust-big-" + k, "fp-big-" + k, "455673", "90" + k + "1", "GB", "dev-big-" + k,
                            "198.51.100." + (200 + k), "GB"), TransactionStatus.SUCCEEDED);
        }
    }

    /** A fraud-pattern payment agrees on every leg: only the fraud rules should notice it. */
    private void fraudPayment(String id, String pattern, Money amount, Instant t, FraudFeatures f,
            TransactionStatus status) {
        String psp = psp();
        event(id, null, psp, null, TransactionType.PAYMENT, status, amount, t, f);
        ledger(id, id, psp, null, null, TransactionType.PAYMENT, status, amount, t);
        boolean ok = status == TransactionStatus.SUCCEEDED;
        callback("cb-" + id, psp, null, id, ok ? CallbackStatus.CAPTURED : CallbackStatus.FAILED, ok, amount,
                t.plusSeconds(15));
        if (ok) {
            settled(psp, id, amount, fee(amount), t);
        }
        stream.put(txn(id), "MATCHED");
        batch.put(txn(id), "MATCHED");
        fraud.put(id, pattern);
    }

    // ---- records only the channel has, and bad input ------------------------------------------

    private void channelOnlyRecords() {
        for (int k = 0; k < 3; k++) {
            String psp = psp();
            Instant t = dayStart.plus(Duration.ofHours(6 + 5L * k));
            callback("cb-ghost-" + tag + "-" + k, psp, null, null, CallbackStatus.CAPTURED, true, Money.ofMinor(4_200 + k, "EUR"), t);
            stream.put(ref(psp, "MISSING_INTERNAL"), "MISSING_INTERNAL");
            String lost = psp();
            Money amount = Money.ofMinor(7_700 + k, "EUR");
            settled(lost, "unknown-order-" + tag + "-" + k, amount, fee(amount), t);
            batch.put(ref(lost, "MISSING_INTERNAL"), "MISSING_INTERNAL");
        }
    }

    private void badInput() {
        Instant t = dayStart.plus(Duration.ofHours(8));
        eventLines.add(new Line(t, "{\"event_id\": \"evt-broken\", \"payment_id\": "));
        eventLines.add(new Line(t, "{\"event_id\":\"evt-xyz\",\"payment_id\":\"pay-xyz\",\"channel\":\"adyen\","
                + "\"type\":\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"10.00\",\"currency\":\"XYZ\","
                + "\"event_time\":\"" + t + "\"}"));
        callbackLines.add(new Line(t, "{\"callback_id\":\"cb-noref\",\"channel\":\"adyen\",\"status\":\"CAPTURED\","
                + "\"amount\":\"10.00\",\"currency\":\"EUR\",\"event_time\":\"" + t + "\"}"));
        deadLetters += 3;
        settlement.add(adyenRow(psp(), "bad-row", t, "Settled", "", "EUR", "", "12,3x", "EUR", "", "12.00", ""));
        quarantined++;
    }

    private void closeSettlement() {
        Instant end = dayStart.plus(Duration.ofHours(23)).plusSeconds(1800);
        settlement.add(adyenRow("", "", end, "Fee", "monthly fee", "", "", "", "EUR", "5.00", "", ""));
        netByCurrency.merge("EUR", -500L, Long::sum);
        for (Map.Entry<String, Long> e : netByCurrency.entrySet()) {
            settlement.add(adyenRow("", "", dayStart.plus(Duration.ofDays(1)), "MerchantPayout",
                    "TX" + e.getKey() + " batch 1", "", "", "", e.getKey(), major(e.getValue(), e.getKey()), "", ""));
        }
    }

    // ---- record builders ---------------------------------------------------------------------

    private FraudFeatures cleanFeatures(String customer) {
        String country = List.of("NL", "DE", "FR", "GB", "US", "ES").get(Math.floorMod(customer.hashCode(), 6));
        int h = Math.floorMod(customer.hashCode(), 9000);
        return new FraudFeatures(customer, "fp-" + customer, "4" + (17000 + h % 1000) + "0", String.format("%04d", h),
                country, "dev-" + customer, "198.18." + (h % 250) + "." + (1 + h % 200), country);
    }

    private void event(String id, String parentId, String ref, String parentRef, TransactionType type,
            TransactionStatus status, Money amount, Instant t, FraudFeatures f) {
        PaymentEvent e = new PaymentEvent("evt-" + tag + "-" + (++eventSeq), id, parentId == null ? id : parentId, parentId, MERCHANT,
                "acct-1", CHANNEL, ref, parentRef, type, status, amount, t, f, null);
        eventLines.add(new Line(t, PaymentEventJson.writeString(e)));
    }

    private void callback(String id, String ref, String originalRef, String paymentId, CallbackStatus status,
            boolean success, Money amount, Instant t) {
        ChannelCallback c = new ChannelCallback(id, CHANNEL, ref, originalRef, paymentId, status, success,
                success ? null : "Refused by issuer", amount, t, null);
        callbackLines.add(new Line(t, ChannelCallbackJson.writeString(c)));
    }

    private void ledger(String txn, String paymentId, String ref, String parentId, String parentRef, TransactionType type,
            TransactionStatus status, Money amount, Instant t) {
        ledger.add(new String[] {txn, paymentId, MERCHANT, CHANNEL, ref, nz(parentId), nz(parentRef), type.name(),
                status.name(), amount.toDecimalString(), amount.currencyCode(), t.toString()});
    }

    private void settled(String psp, String merchantRef, Money gross, Money fee, Instant t) {
        long net = gross.minorUnits() - fee.minorUnits();
        String ccy = gross.currencyCode();
        settlement.add(adyenRow(psp, merchantRef, t, "Settled", psp, ccy, "", gross.toDecimalString(), ccy, "",
                major(net, ccy), fee.toDecimalString()));
        netByCurrency.merge(ccy, net, Long::sum);
    }

    private void refunded(String psp, String refundRef, String merchantRef, Money amount, Instant t) {
        String ccy = amount.currencyCode();
        settlement.add(adyenRow(psp, merchantRef, t, "Refunded", refundRef, ccy, amount.toDecimalString(), "", ccy,
                amount.toDecimalString(), "", ""));
        netByCurrency.merge(ccy, -amount.minorUnits(), Long::sum);
    }

    private String[] adyenRow(String psp, String merchantRef, Instant t, String type, String modRef, String grossCcy,
            String grossDebit, String grossCredit, String netCcy, String netDebit, String netCredit,
            String commission) {
        return AdyenReportRow.cells(psp, merchantRef, t, type, modRef, grossCcy, grossDebit, grossCredit, netCcy,
                netDebit, netCredit, commission, "1").toArray(new String[0]);
    }

    /** The schedule in {@link #RECON_YAML}: 100 bps + 0.10, half-up to the currency's exponent. */
    private static Money fee(Money gross) {
        long bps = BigDecimal.valueOf(gross.minorUnits()).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact();
        return Money.ofMinor(bps + 10, gross.currencyCode());
    }

    private String psp() {
        // 16 digits like Adyen's PSP references: about one in ten passes the Luhn check, which the
        // card-number masking must not mistake for a card.
        return String.format("8815%012d", pspSeq++);
    }

    private static String txn(String transactionId) {
        return "txn:" + transactionId;
    }

    private static String ref(String channelRef, String type) {
        return "ref:" + channelRef + ":" + type;
    }

    private static String major(long minor, String currency) {
        return Money.ofMinor(minor, currency).toDecimalString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ---- files -----------------------------------------------------------------------------

    private Written write(Path dir) throws IOException {
        Path events = dir.resolve("payment-events.jsonl");
        Path callbacks = dir.resolve("channel-callbacks.jsonl");
        Path ledgerCsv = dir.resolve("ledger.csv");
        Path settlementCsv = dir.resolve("settlement_detail_report_batch_1.csv");
        Path yaml = dir.resolve("recon.yaml");
        Path expectedCsv = dir.resolve("expected.csv");
        writeLines(events, eventLines);
        writeLines(callbacks, callbackLines);
        ledger.sort(Comparator.comparing(row -> row[11]));
        try (CsvWriter w = CsvWriter.builder().build(ledgerCsv, StandardCharsets.UTF_8)) {
            w.writeRecord("transaction_id", "payment_id", "merchant_id", "channel", "channel_ref", "parent_payment_id",
                    "parent_channel_ref", "type", "status", "amount", "currency", "created_at");
            for (String[] row : ledger) {
                w.writeRecord(row);
            }
        }
        try (CsvWriter w = CsvWriter.builder().build(settlementCsv, StandardCharsets.UTF_8)) {
            w.writeRecord(AdyenReportRow.HEADER);
            for (String[] row : settlement) {
                w.writeRecord(row);
            }
        }
        Files.writeString(yaml, RECON_YAML);
        List<Expectation> expectations = new ArrayList<>();
        stream.forEach((k, v) -> expectations.add(new Expectation(STREAM, k, v)));
        batch.forEach((k, v) -> expectations.add(new Expectation(BATCH, k, v)));
        try (CsvWriter w = CsvWriter.builder().build(expectedCsv, StandardCharsets.UTF_8)) {
            w.writeRecord("leg", "key", "expected");
            for (Expectation e : expectations) {
                w.writeRecord(e.leg(), e.key(), e.outcome());
            }
            for (Map.Entry<String, String> e : fraud.entrySet()) {
                w.writeRecord("fraud", e.getKey(), e.getValue());
            }
        }
        return new Written(dir, events, callbacks, ledgerCsv, settlementCsv, yaml, expectedCsv, day,
                List.copyOf(expectations), Map.copyOf(fraud), eventLines.size(), callbackLines.size(), ledger.size(),
                settlement.size(), deadLetters, quarantined);
    }

    private static void writeLines(Path file, List<Line> lines) throws IOException {
        List<Line> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(Line::at)); // stable: redeliveries keep their order
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (Line l : sorted) {
                w.write(l.text());
                w.write('\n');
            }
        }
    }

    /** Pattern names in the order the report lists them. */
    public static List<String> fraudPatternNames() {
        return List.copyOf(new TreeSet<>(List.of("card-testing", "velocity", "structuring", "blocked-bin",
                "country-mismatch", "high-amount")));
    }
}
