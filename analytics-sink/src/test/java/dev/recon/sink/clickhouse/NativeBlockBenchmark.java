package dev.recon.sink.clickhouse;

import dev.recon.sink.SampleResults;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.Locale;

/**
 * CPU and allocation of what the writer does when it seals a Native batch: one 100k-row
 * {@code recon_results} batch transposed 10 times per round, 4 rounds. A benchmark command, not a test:
 * <pre>java -cp ... dev.recon.sink.clickhouse.NativeBlockBenchmark [copy]</pre>
 * {@code copy} first copies the encoder's buffer ({@code toByteArray}), as the writer did up to session
 * 3; put the former classes first on the class path to price the former transposition
 * (docs/benchmarks.md, "analytics-sink, session 4").
 */
public final class NativeBlockBenchmark {

    public static void main(String[] args) {
        boolean copyFirst = args.length > 0 && args[0].equals("copy");
        ReconResultsTable table = ReconResultsTable.INSTANCE;
        int rows = 100_000;
        RowBinaryOutput out = new RowBinaryOutput(rows * 64);
        for (int i = 0; i < rows; i++) {
            table.encode(SampleResults.row("seal", LocalDate.of(2026, 11, 20), i, 1), out);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long checksum = 0;
        for (int round = 0; round < 4; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long allocated0 = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            for (int k = 0; k < 10; k++) {
                byte[] block = copyFirst
                        ? NativeBlock.fromRowBinary(out.toByteArray(), out.size(), rows, table.columns(), table.columnTypes())
                        : NativeBlock.fromRowBinary(out.array(), out.size(), rows, table.columns(), table.columnTypes());
                checksum += block.length;
            }
            System.out.printf(Locale.ROOT, "%s: %.1f ms wall, %.1f ms thread CPU, %.0f MB allocated per 100k-row batch%n",
                    copyFirst ? "copy + transpose" : "transpose", (System.nanoTime() - start) / 1e7,
                    (threads.getCurrentThreadCpuTime() - cpu0) / 1e7, (threads.getCurrentThreadAllocatedBytes() - allocated0) / 1e7);
        }
        System.out.println("bytes " + checksum);
    }
}
