package dev.recon.core.bench;

import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.match.ColumnarMatcher;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the columnar match of N internal vs N channel records (single shot per iteration, because
 * one iteration at 10M is seconds long). Data as in {@link MatchBenchmark}; generation is setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx3g", "-Xms3g", "-XX:ActiveProcessorCount=2", "-XX:+UseParallelGC"})
public class ColumnarMatchJmh {

    @Param({"10000000"})
    int records;

    MatchBenchmark.Day day;
    ChannelConfig cfg;

    @Setup
    public void generate() {
        day = MatchBenchmark.generate(records, 42);
        cfg = ChannelConfig.defaults("adyen").withTolerance(AmountTolerance.absolute("0.01"));
    }

    @Benchmark
    public ColumnarMatcher.Outcome columnarMatch() {
        return ColumnarMatcher.match(day.ledger, day.channel, cfg, LocalDate.parse("2026-11-20"), 2);
    }
}
