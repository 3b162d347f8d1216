package dev.recon.batch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The staging steps write times and dates digit by digit; the staged text must stay exactly what
 * {@code Instant.toString} and {@code LocalDate.toString} write (the match step and the tests read it
 * back as such). Seeded random values across and beyond the digit-by-digit range, every fraction shape.
 */
class StagedTimeTextProperties {

    private static final long SEED = Long.getLong("recon.seed", 20261207L);

    @Test
    void instantTextIsInstantToString() {
        Random rnd = new Random(SEED);
        for (int k = 0; k < 300_000; k++) {
            long second = switch (k % 4) {
                case 0 -> 1_700_000_000L + rnd.nextInt(200_000_000); // around today
                case 1 -> (long) (rnd.nextDouble() * 253_402_300_800L); // 1970..9999
                case 2 -> rnd.nextLong() % 400_000_000_000L; // before 1970 and after 9999 too
                default -> new long[] {0, 59, 60, 86_399, 86_400, 951_782_400L, 253_402_300_799L, 253_402_300_800L,
                        -1}[rnd.nextInt(9)];
            };
            int nano = switch (rnd.nextInt(5)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1_000) * 1_000_000;
                case 2 -> rnd.nextInt(1_000_000) * 1_000;
                case 3 -> rnd.nextInt(1_000_000_000);
                default -> new int[] {1, 999_999_999, 1_000, 1_000_000, 100_000_000}[rnd.nextInt(5)];
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            StringBuilder b = new StringBuilder("x");
            StoredInstant.append(b, t);
            assertThat(b.substring(1)).as("seed %d, %s", SEED, t).isEqualTo(t.toString());
            assertThat(StoredInstant.parse(b.substring(1))).isEqualTo(t);
        }
    }
}
