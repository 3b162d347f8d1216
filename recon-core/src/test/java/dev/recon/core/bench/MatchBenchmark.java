package dev.recon.core.bench;

import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.match.ColumnarMatcher;
import dev.recon.core.match.ReconContext;
import dev.recon.core.match.ReconEngine;
import dev.recon.core.match.ReconOutcome;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benchmark command (not a test): N internal vs N channel records in memory, matched by the
 * columnar fast path with the rows it defers decided by {@link ReconEngine}; optionally the object
 * engine alone on a smaller day. Prints elapsed times and peak heap.
 *
 * <p>Data: references "PSP" + 13 digits; EUR/JPY/BHD amounts; the channel file in a shuffled
 * order; 0.5% amount mismatches, 0.5% missing on each side, 0.1% duplicates, 0.2% failed
 * payments settled, 1% authorised-only. Generation is not timed.
 *
 * <pre>
 * ./mvnw -B -q -pl recon-core -Pbench test-compile exec:exec                 # 10M vs 10M, 2 threads
 * ./mvnw -B -q -pl recon-core -Pbench test-compile exec:exec -Dbench.args="--records 1000000 --object 1000000"
 * </pre>
 */
public final class MatchBenchmark {

    private MatchBenchmark() {
    }

    public static void main(String[] args) {
        int records = 10_000_000;
        int threads = 2;
        int objectRecords = 0;
        int rounds = 3;
        int engineRepeat = 0;
        boolean digest = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--object" -> objectRecords = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                // profiling aid: after the rounds, decide the last round's deferred rows K more times
                case "--engine-repeat" -> engineRepeat = Integer.parseInt(args[++i]);
                // correctness aid: SHA-256 of every decision of the 10M day (columnar codes and engine rows)
                case "--digest" -> digest = true;
                default -> {
                    System.err.println("usage: MatchBenchmark [--records N] [--threads T] [--object N] [--rounds R]"
                            + " [--engine-repeat K] [--digest]");
                    System.exit(2);
                }
            }
        }
        ChannelConfig cfg = ChannelConfig.defaults("adyen").withTolerance(AmountTolerance.absolute("0.01"));
        LocalDate day = LocalDate.parse("2026-11-20");
        System.out.printf("cpus=%d maxHeap=%dMB records=%d threads=%d loadavg=%.1f%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, records, threads,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (records > 0) {
            long g0 = System.nanoTime();
            Day d = generate(records, 42);
            System.out.printf("generated in %.2f s, heap used %d MB%n", (System.nanoTime() - g0) / 1e9, usedMb());
            for (int r = 1; r <= rounds; r++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                ColumnarMatcher.Outcome out = ColumnarMatcher.match(d.ledger, d.channel, cfg, day, threads);
                long t1 = System.nanoTime();
                long c1 = cpuNanos();
                int deferred = deferredToEngine(d, out, cfg, day);
                long t2 = System.nanoTime();
                long c2 = cpuNanos();
                System.out.printf("round %d: columnar %.3f s wall (%.3f s CPU) + engine on %d deferred rows %.3f s wall"
                        + " (%.3f s CPU) = %.3f s wall, %.3f s CPU | internal matched=%d break=%d pending=%d"
                        + " | channel dup=%d%n", r, (t1 - t0) / 1e9, (c1 - c0) / 1e9, deferred, (t2 - t1) / 1e9,
                        (c2 - c1) / 1e9, (t2 - t0) / 1e9, (c2 - c0) / 1e9, out.countInternal(ColumnarMatcher.MATCHED),
                        out.countInternal(ColumnarMatcher.BREAK), out.countInternal(ColumnarMatcher.PENDING),
                        out.countChannel(ColumnarMatcher.BREAK));
            }
            if (engineRepeat > 0) {
                ColumnarMatcher.Outcome out = ColumnarMatcher.match(d.ledger, d.channel, cfg, day, threads);
                for (int k = 1; k <= engineRepeat; k++) {
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    int deferred = deferredToEngine(d, out, cfg, day);
                    System.out.printf("engine repeat %d: %d deferred rows %.3f s wall (%.3f s CPU)%n", k, deferred,
                            (System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9);
                }
            }
            System.out.printf("peak heap (sum of pool peaks) %d MB%n", peakHeapMb());
            if (digest) {
                System.out.println("decisions sha256 " + decisionDigest(d, cfg, day, threads));
            }
        }
        if (objectRecords > 0) {
            List<LedgerEntry> in = new ArrayList<>(objectRecords);
            List<SettlementRecord> lines = new ArrayList<>(objectRecords);
            Day d = generate(objectRecords, 7);
            for (int i = 0; i < d.ledger.size(); i++) {
                in.add(d.entry(i));
            }
            for (int j = 0; j < d.channel.size(); j++) {
                lines.add(d.line(j));
            }
            d = null;
            ReconConfig rc = ReconConfig.of("bench", cfg);
            for (int r = 1; r <= rounds; r++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                ReconOutcome out = ReconEngine.reconcile(in, lines, ReconContext.batch(rc, day, 1));
                System.out.printf("object engine %d vs %d round %d: %.3f s wall, %.3f s CPU, results=%d breaks=%d"
                        + " balanced=%s%n", in.size(), lines.size(), r, (System.nanoTime() - t0) / 1e9,
                        (cpuNanos() - c0) / 1e9, out.results().size(),
                        out.counts().breaks(), out.counts().balanced());
            }
            System.out.printf("peak heap (sum of pool peaks) %d MB%n", peakHeapMb());
        }
    }

    /**
     * A digest of every decision of the day: the fast path's codes per row and, in order, every
     * column of every row the engine writes for the deferred rows (near-miss texts included), so two
     * builds can be shown to decide identically.
     */
    static String decisionDigest(Day d, ChannelConfig cfg, LocalDate day, int threads) {
        ColumnarMatcher.Outcome out = ColumnarMatcher.match(d.ledger, d.channel, cfg, day, threads);
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(out.internalStatus);
            md.update(out.internalBreak);
            md.update(out.channelStatus);
            md.update(out.channelBreak);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * out.internalMatch.length);
            b.asIntBuffer().put(out.internalMatch);
            md.update(b);
            ReconOutcome o = engineOutcome(d, out, cfg, day);
            for (var r : o.results()) {
                md.update(String.join("\u0001", r.csvValues()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return java.util.HexFormat.of().formatHex(md.digest()) + " (" + o.results().size() + " engine rows)";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds objects for the deferred rows and lets the engine decide them, as a caller of the fast path does. */
    static int deferredToEngine(Day d, ColumnarMatcher.Outcome out, ChannelConfig cfg, LocalDate day) {
        ReconOutcome o = engineOutcome(d, out, cfg, day);
        if (!o.counts().balanced()) {
            throw new IllegalStateException("counts do not balance: " + o.counts());
        }
        return (int) (o.counts().internalIn() + o.counts().channelIn());
    }

    static ReconOutcome engineOutcome(Day d, ColumnarMatcher.Outcome out, ChannelConfig cfg, LocalDate day) {
        List<LedgerEntry> in = new ArrayList<>();
        List<SettlementRecord> lines = new ArrayList<>();
        for (int i = 0; i < out.internalStatus.length; i++) {
            if (out.internalStatus[i] == ColumnarMatcher.DEFERRED) {
                in.add(d.entry(i));
            }
        }
        for (int j = 0; j < out.channelStatus.length; j++) {
            if (out.channelStatus[j] == ColumnarMatcher.DEFERRED) {
                lines.add(d.line(j));
            }
        }
        ReconOutcome o = ReconEngine.reconcile(in, lines, ReconContext.batch(ReconConfig.of("bench", cfg), day, 1));
        return o;
    }

    /** A generated day held only in the matcher's columns (no second copy). */
    static final class Day {
        final ColumnarMatcher.Ledger ledger;
        final ColumnarMatcher.Channel channel;
        final Instant created = Instant.parse("2026-11-20T09:00:00Z");

        Day(ColumnarMatcher.Ledger ledger, ColumnarMatcher.Channel channel) {
            this.ledger = ledger;
            this.channel = channel;
        }

        LedgerEntry entry(int i) {
            return new LedgerEntry("t" + i, "p" + i, null, "m1", null, "adyen", ledger.ref(i), null, ledger.type(i),
                    ledger.status(i), new Money(ledger.amountMinor(i), ledger.currency(i)), ledger.created(i), null,
                    new SourceLocation("ledger", i + 1));
        }

        /** The file's booking date, parsed once as a parser would, not once per line. */
        final LocalDate booked = LocalDate.parse("2026-11-20");

        SettlementRecord line(int j) {
            Money g = new Money(channel.amountMinor(j), channel.currency(j));
            return new SettlementRecord("adyen", "Settled", channel.category(j), channel.ref(j),
                    channel.modificationRef(j), null, null, g, g, List.of(), null, booked, null,
                    null, "b1", null, new SourceLocation("settlement", j + 1), null);
        }
    }

    static Day generate(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ColumnarMatcher.CurrencyTable table = new ColumnarMatcher.CurrencyTable();
        Currency[] ccy = {Money.currency("EUR"), Money.currency("JPY"), Money.currency("BHD")};
        ColumnarMatcher.Ledger ledger = new ColumnarMatcher.Ledger(n, table);
        Instant created = Instant.parse("2026-11-20T09:00:00Z");
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(10) < 8 ? 0 : rnd.nextInt(2) + 1;
            long amount = 100 + rnd.nextLong(1_000_000);
            int roll = rnd.nextInt(1000);
            TransactionStatus st = roll < 2 ? TransactionStatus.FAILED : roll < 12 ? TransactionStatus.AUTHORISED
                    : TransactionStatus.SUCCEEDED;
            ledger.add("PSP" + (1_000_000_000_000L + i), amount, ccy[c], TransactionType.PAYMENT, st, created);
        }
        // Channel lines in a shuffled order; AUTHORISED-only entries have none.
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        ColumnarMatcher.Channel channel = new ColumnarMatcher.Channel(n + n / 500 + 16, table);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (ledger.status(i) == TransactionStatus.AUTHORISED) {
                continue;
            }
            int roll = rnd.nextInt(1000);
            String ref = ledger.ref(i);
            long amount = ledger.amountMinor(i);
            if (roll < 5) {
                continue; // missing in channel
            } else if (roll < 10) {
                ref = "XSP" + (1_000_000_000_000L + i); // unknown to us: missing internal
            } else if (roll < 15) {
                amount += 1000; // amount mismatch
            }
            channel.add(ref, null, amount, ledger.currency(i), RecordCategory.PAYMENT);
            if (roll == 15) {
                channel.add(ref, null, amount, ledger.currency(i), RecordCategory.PAYMENT); // duplicate line
            }
        }
        return new Day(ledger, channel);
    }

    /** CPU time of the whole process (all threads, GC included): less sensitive than wall time to a busy machine. */
    static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    static long usedMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }
}
