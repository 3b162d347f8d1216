package dev.recon.sink.clickhouse;

import dev.recon.sink.SampleResults;
import dev.recon.sink.row.ReconResultRow;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The writer's own CPU per sealed 100k-row {@code recon_results} batch, without the network: rows built
 * beforehand, then (a) {@code transpose}: RowBinary encoding plus {@link NativeBlock#fromRowBinary} into a
 * new array, as up to session 5, and (b) {@code columns}: encoding straight into {@link NativeColumnsOutput}
 * plus one copy into a reused block buffer, as the writer now does; each followed by the SHA-256
 * deduplication token over the block, which both send. The two alternate, 6 rounds of 5 batches each;
 * thread CPU and allocation per batch. A benchmark command, not a test:
 * <pre>java -Xmx3g -cp ... dev.recon.sink.clickhouse.WriterEncodingBenchmark [ROUNDS]</pre>
 */
public final class WriterEncodingBenchmark {

    public static void main(String[] args) {
        int roundsWanted = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        ReconResultsTable table = ReconResultsTable.INSTANCE;
        int rows = 100_000;
        List<ReconResultRow> batch = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            batch.add(SampleResults.row("seal", LocalDate.of(2026, 11, 20), i, 1));
        }
        System.gc();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RowBinaryOutput rowBinary = new RowBinaryOutput(rows * 64);
        NativeColumnsOutput columns = new NativeColumnsOutput(table.columns(), table.columnTypes());
        byte[][] reused = new byte[1][];
        long checksum = 0;
        for (int round = 0; round < roundsWanted; round++) {
            for (String mode : List.of("transpose", "columns")) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long allocated0 = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                for (int k = 0; k < 5; k++) {
                    byte[] block;
                    int length;
                    if (mode.equals("transpose")) {
                        rowBinary.reset();
                        for (ReconResultRow row : batch) {
                            table.encode(row, rowBinary);
                        }
                        block = NativeBlock.fromRowBinary(rowBinary.array(), rowBinary.size(), rows, table.columns(), table.columnTypes());
                        length = block.length;
                    } else {
                        columns.reset();
                        for (ReconResultRow row : batch) {
                            columns.startRow();
                            table.encode(row, columns);
                        }
                        NativeBlock.Block b = columns.toBlock(n -> reused[0] != null && reused[0].length >= n ? reused[0] : (reused[0] = new byte[n + n / 8]));
                        block = b.bytes();
                        length = b.length();
                    }
                    checksum += ClickHouseBatchWriter.deduplicationToken(table.name(), block, length).hashCode();
                }
                System.out.printf(Locale.ROOT, "round %d %-9s: %.1f ms wall, %.1f ms thread CPU, %.0f MB allocated per 100k-row batch (encode + block + token)%n",
                        round, mode, (System.nanoTime() - start) / 5e6, (threads.getCurrentThreadCpuTime() - cpu0) / 5e6,
                        (threads.getCurrentThreadAllocatedBytes() - allocated0) / 5e6);
            }
        }
        System.out.println("checksum " + checksum);
    }
}
