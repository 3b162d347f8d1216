package dev.recon.sink.clickhouse;

import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.sink.row.ReconResultRow;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The writer side of feeding ClickHouse alone, per 100k {@code recon_results} rows and without the network:
 * {@code from}: the jobs' mapping {@link ReconResultRow#from} of finished core results, then encoding into the
 * Native columns ({@link NativeColumnsOutput}) as the writer does; {@code encode}: the encoding alone of rows
 * built beforehand. The core results and row values exist before the clock (a job hands them over), so what is
 * measured is the row (its checks, its legs) and the encoding. Thread CPU and bytes allocated per 100k rows,
 * {@code ROUNDS} rounds of 5 batches each (round 0 is JIT warm-up). A benchmark command, not a test:
 * <pre>java -Xmx2g -cp ... dev.recon.sink.clickhouse.RowToColumnsBenchmark [ROUNDS]</pre>
 */
public final class RowToColumnsBenchmark {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int rows = 100_000;
        List<ReconResult> results = new ArrayList<>(rows);
        LocalDate day = LocalDate.of(2026, 11, 20);
        var eur = Money.currency("EUR");
        var jpy = Money.currency("JPY");
        for (int i = 0; i < rows; i++) {
            boolean breaks = i % 10 == 3;
            var currency = i % 7 == 0 ? jpy : eur;
            long amount = 1250L + 100L * (i % 1000);
            results.add(new ReconResult("rid-" + day + "-" + i, 1, i % 2 == 0 ? ReconMode.BATCH : ReconMode.STREAM, "adyen",
                    day, breaks ? ResultStatus.BREAK : ResultStatus.MATCHED, breaks ? BreakType.AMOUNT_MISMATCH : null,
                    "PAYMENT", "merchant-" + (i % 13), "pay-" + i, "tx-" + i, "psp-" + i, "SUCCEEDED", "Settled",
                    new Money(amount, currency), new Money(breaks ? amount + 150 : amount, currency), currency.getCurrencyCode(),
                    breaks ? new Money(150, currency) : null, new Money(amount, currency), new Money(12, currency),
                    new Money(amount - 12, currency), null, "batch-" + day, "", i % 9, "channel_ref",
                    "matched on channel_ref; row " + i, "ledger.csv:" + (i + 2) + " <> settlement-" + day + ".csv:" + (i + 2),
                    "rules-v1", "", day.plusDays(2), 1, true));
        }
        Instant decided = day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        List<ReconResultRow> built = new ArrayList<>(rows);
        for (ReconResult r : results) {
            built.add(ReconResultRow.from(r, decided, null));
        }
        System.gc();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ReconResultsTable table = ReconResultsTable.INSTANCE;
        NativeColumnsOutput columns = new NativeColumnsOutput(table.columns(), table.columnTypes());
        long checksum = 0;
        for (int round = 0; round < rounds; round++) {
            for (String mode : List.of("from", "encode")) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long allocated0 = threads.getCurrentThreadAllocatedBytes();
                for (int k = 0; k < 5; k++) {
                    columns.reset();
                    for (int i = 0; i < rows; i++) {
                        ReconResultRow row = mode.equals("from") ? ReconResultRow.from(results.get(i), decided, null) : built.get(i);
                        columns.startRow();
                        table.encode(row, columns);
                    }
                    checksum += columns.size();
                }
                System.out.printf(Locale.ROOT, "round %d %-6s: %.1f ms thread CPU, %.1f MB allocated per 100k rows%n",
                        round, mode, (threads.getCurrentThreadCpuTime() - cpu0) / 5e6,
                        (threads.getCurrentThreadAllocatedBytes() - allocated0) / 5e6);
            }
        }
        System.out.println("checksum " + checksum);
    }
}
