package dev.recon.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void pairsBecomeAMapAndALastNameWithoutValueIsIgnored() {
        assertThat(BenchOptions.parse(new String[] {"--events", "200000", "--job-jvm-args", "-Xmx2g -Da=b", "--rate"}))
                .isEqualTo(Map.of("events", "200000", "job-jvm-args", "-Xmx2g -Da=b"));
    }

    @Test
    void aNameGivenTwiceKeepsItsLastValue() {
        assertThat(BenchOptions.parse(new String[] {"--runs", "1", "--runs", "4"})).isEqualTo(Map.of("runs", "4"));
    }
}
