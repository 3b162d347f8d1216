package dev.recon.batch.generate;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Three consecutive business days of an Adyen channel settling T+2 business days (UTC, midnight
 * cut-off, Saturday and Sunday off: {@link #LAG_YAML}), with the ground truth of every day.
 * Day 1's ledger export holds the two days before it too (the backlog a first run starts with);
 * days 2 and 3 export only that day's entries, so everything still open must come from the
 * operational database. Deterministic.
 *
 * <p>Keys (transaction_id, or {@code ref:PSP} for a settlement line we have no entry for):
 * <ul>
 * <li>{@code p-YYYYMMDD-NN}: ordinary payments, PENDING until their settlement day, then MATCHED;
 * <li>{@code late-2359}: captured at 23:59 on day 1, settled on day 3: PENDING, PENDING, MATCHED;
 * <li>{@code slow-1}: due on day 1, settled late on day 3: MISSING_IN_CHANNEL (age 0, 1), then MATCHED;
 * <li>{@code never-1}: due on day 1, never settled: MISSING_IN_CHANNEL aged 0, 1, 2;
 * <li>{@code amt-2}: settled on day 2 for 1.00 more: AMOUNT_MISMATCH on day 2 (PENDING on day 1);
 * <li>{@code booked-late}: settled on day 2, our entry (created the day before day 1) exported only
 *     on day 3: the line is MISSING_INTERNAL on day 2 (aged from its capture date), MATCHED with the entry on day 3 and its
 *     own row then gets a resolving version ({@code carried:resolved});
 * <li>{@code old-1}: a month-old entry in day 2's export: outside the date window, not reconciled;
 * <li>{@code p-<day1-2>-01} exported again on day 3: decided on day 1, not reconciled again.
 * </ul>
 */
public final class MultiDayScenario {

    public static final String LAG_YAML = """
            version: "multi-day-t2"
            channels:
              adyen:
                settlement_lag_days: 2
            """;

    /** Status, break type (empty unless BREAK) and age in days of one key on one day. */
    public record Expected(String status, String breakType, int ageDays) {
    }

    /** One day's files and truth. */
    public record Day(LocalDate date, Path internalCsv, Path settlementCsv, Map<String, Expected> expected,
            int outsideWindow, int decidedEarlier) {
    }

    private final LocalDate day1;
    private final int perDay;
    private final List<LocalDate> days = new ArrayList<>();
    private long refSeq = 1;

    /** {@code day1}: a Monday to Wednesday, so that the three days are business days. */
    public MultiDayScenario(LocalDate day1, int paymentsPerDay) {
        if (day1.getDayOfWeek().getValue() > DayOfWeek.WEDNESDAY.getValue()) {
            throw new IllegalArgumentException(day1 + ": pick a Monday to Wednesday so the three days are business days");
        }
        this.day1 = day1;
        this.perDay = paymentsPerDay;
        for (int i = 0; i < 3; i++) {
            days.add(day1.plusDays(i));
        }
    }

    private record Entry(String txn, String psp, BigDecimal amount, Instant created) {
    }

    public List<Day> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        LocalDate d1 = days.get(0);
        LocalDate d2 = days.get(1);
        LocalDate d3 = days.get(2);
        List<LocalDate> captureDays = List.of(minusBusinessDays(d1, 2), minusBusinessDays(d1, 1), d1, d2, d3);
        Map<LocalDate, List<Entry>> exported = new TreeMap<>();
        Map<LocalDate, List<String>> lines = new TreeMap<>();
        Map<LocalDate, Map<String, Expected>> truth = new TreeMap<>();
        for (LocalDate d : days) {
            exported.put(d, new ArrayList<>());
            lines.put(d, new ArrayList<>());
            truth.put(d, new LinkedHashMap<>());
        }
        for (LocalDate c : captureDays) {
            LocalDate exportDay = c.isBefore(d1) ? d1 : c;
            LocalDate settles = plusBusinessDays(c, 2);
            for (int i = 1; i <= perDay; i++) {
                String txn = String.format("p-%s-%02d", c.toString().replace("-", ""), i);
                Entry e = entry(txn, new BigDecimal(10 + i + ".25"), c.atTime(10, i % 60).toInstant(ZoneOffset.UTC));
                exported.get(exportDay).add(e);
                if (lines.containsKey(settles)) {
                    lines.get(settles).add(settled(e, e.amount()));
                }
                for (LocalDate d : days) {
                    if (d.isBefore(exportDay) || d.isAfter(settles)) {
                        continue;
                    }
                    truth.get(d).put(txn, d.equals(settles) ? new Expected("MATCHED", "", 0)
                            : new Expected("PENDING", "", 0));
                }
            }
        }
        Entry late = entry("late-2359", new BigDecimal("23.59"), d1.atTime(23, 59).toInstant(ZoneOffset.UTC));
        exported.get(d1).add(late);
        lines.get(d3).add(settled(late, late.amount()));
        put(truth, d1, "late-2359", "PENDING", "", 0);
        put(truth, d2, "late-2359", "PENDING", "", 0);
        put(truth, d3, "late-2359", "MATCHED", "", 0);

        LocalDate twoBefore = minusBusinessDays(d1, 2);
        Entry slow = entry("slow-1", new BigDecimal("31.00"), twoBefore.atTime(9, 0).toInstant(ZoneOffset.UTC));
        exported.get(d1).add(slow);
        lines.get(d3).add(settled(slow, slow.amount()));
        put(truth, d1, "slow-1", "BREAK", "MISSING_IN_CHANNEL", 0);
        put(truth, d2, "slow-1", "BREAK", "MISSING_IN_CHANNEL", 1);
        put(truth, d3, "slow-1", "MATCHED", "", 0);

        Entry never = entry("never-1", new BigDecimal("41.00"), twoBefore.atTime(9, 30).toInstant(ZoneOffset.UTC));
        exported.get(d1).add(never);
        put(truth, d1, "never-1", "BREAK", "MISSING_IN_CHANNEL", 0);
        put(truth, d2, "never-1", "BREAK", "MISSING_IN_CHANNEL", 1);
        put(truth, d3, "never-1", "BREAK", "MISSING_IN_CHANNEL", 2);

        Entry amt = entry("amt-2", new BigDecimal("50.00"), minusBusinessDays(d1, 1).atTime(11, 0)
                .toInstant(ZoneOffset.UTC));
        exported.get(d1).add(amt);
        lines.get(d2).add(settled(amt, new BigDecimal("51.00")));
        put(truth, d1, "amt-2", "PENDING", "", 0);
        put(truth, d2, "amt-2", "BREAK", "AMOUNT_MISMATCH", 0);

        Entry booked = entry("booked-late", new BigDecimal("61.00"), minusBusinessDays(d1, 1).atTime(12, 0)
                .toInstant(ZoneOffset.UTC));
        lines.get(d2).add(settled(booked, booked.amount()));
        exported.get(d3).add(booked);
        // A line we have no entry for ages from its own date (the capture), like recon-core ages every channel record.
        put(truth, d2, "ref:" + booked.psp(), "BREAK", "MISSING_INTERNAL",
                (int) (d2.toEpochDay() - minusBusinessDays(d1, 1).toEpochDay()));
        put(truth, d3, "booked-late", "MATCHED", "", 0);
        put(truth, d3, "ref:" + booked.psp(), "MATCHED", "", 0);

        exported.get(d2).add(entry("old-1", new BigDecimal("70.00"), d1.minusDays(40).atTime(8, 0)
                .toInstant(ZoneOffset.UTC)));
        Entry again = exported.get(d1).get(0);
        exported.get(d3).add(again);

        List<Day> out = new ArrayList<>();
        for (LocalDate d : days) {
            Path internal = dir.resolve("internal-" + d + ".csv");
            try (Writer w = Files.newBufferedWriter(internal, StandardCharsets.UTF_8)) {
                w.write("transaction_id,payment_id,merchant_id,channel,channel_ref,type,status,amount,currency,created_at\n");
                for (Entry e : exported.get(d)) {
                    w.write(String.join(",", e.txn(), e.txn(), "m-1", SettlementScenario.CHANNEL, e.psp(), "PAYMENT",
                            "SUCCEEDED", e.amount().toPlainString(), "EUR", e.created().toString()));
                    w.write('\n');
                }
            }
            Path settlement = dir.resolve("settlement_detail_report_" + d + ".csv");
            long net = 0;
            try (Writer w = Files.newBufferedWriter(settlement, StandardCharsets.UTF_8)) {
                w.write(SettlementScenario.ADYEN_HEADER);
                w.write('\n');
                for (String l : lines.get(d)) {
                    w.write(l);
                    w.write('\n');
                    net += new BigDecimal(l.split(",")[11]).movePointRight(2).longValueExact();
                }
                w.write(SettlementScenario.adyenRow("", "", d.atTime(22, 0).toInstant(ZoneOffset.UTC), "MerchantPayout",
                        "TXEUR batch " + d, "", "", "", "EUR", BigDecimal.valueOf(net, 2).toPlainString(), "", "", ""));
                w.write('\n');
            }
            out.add(new Day(d, internal, settlement, Map.copyOf(truth.get(d)), d.equals(d2) ? 1 : 0,
                    d.equals(d3) ? 1 : 0));
        }
        return out;
    }

    private Entry entry(String txn, BigDecimal amount, Instant created) {
        return new Entry(txn, String.format("8816%012d", refSeq++), amount, created);
    }

    private static String settled(Entry e, BigDecimal gross) {
        return SettlementScenario.adyenRow(e.psp(), e.txn(), e.created(), "Settled", e.psp(), "EUR", "",
                gross.toPlainString(), "EUR", "", gross.toPlainString(), "0.00", "");
    }

    private static void put(Map<LocalDate, Map<String, Expected>> truth, LocalDate d, String key, String status,
            String breakType, int age) {
        truth.get(d).put(key, new Expected(status, breakType, age));
    }

    private static LocalDate plusBusinessDays(LocalDate d, int n) {
        LocalDate x = d;
        for (int i = 0; i < n; i++) {
            x = x.plusDays(1);
            while (x.getDayOfWeek() == DayOfWeek.SATURDAY || x.getDayOfWeek() == DayOfWeek.SUNDAY) {
                x = x.plusDays(1);
            }
        }
        return x;
    }

    private static LocalDate minusBusinessDays(LocalDate d, int n) {
        LocalDate x = d;
        for (int i = 0; i < n; i++) {
            x = x.minusDays(1);
            while (x.getDayOfWeek() == DayOfWeek.SATURDAY || x.getDayOfWeek() == DayOfWeek.SUNDAY) {
                x = x.minusDays(1);
            }
        }
        return x;
    }
}
