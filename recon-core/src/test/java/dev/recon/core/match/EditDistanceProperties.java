package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.testing.RandomCases;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The banded, bounded edit distance used for near-miss references agrees with the textbook one.
 * Strings are short and over a four-letter alphabet so that distances within the bound are common.
 */
class EditDistanceProperties {

    static LongStream stringPairs() {
        return RandomCases.seeds(1000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("stringPairs")
    void bandedDistanceEqualsFullDistanceUpToTheBound(long seed) {
        RandomCases.check(seed, random -> {
            String a = random.stringOfMaxLength(12, 'a', 'd');
            String b = random.stringOfMaxLength(12, 'a', 'd');
            int full = full(a, b);
            int bounded = NearMissExplainer.editDistance(a, b, NearMissExplainer.MAX_EDITS);
            assertThat(bounded).as("'%s' vs '%s'", a, b).isEqualTo(Math.min(full, NearMissExplainer.MAX_EDITS + 1));
            assertThat(NearMissExplainer.editDistance(b, a, NearMissExplainer.MAX_EDITS)).as("'%s' vs '%s'", b, a)
                    .isEqualTo(bounded);
        });
    }

    static int full(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                d[i][j] = i == 0 ? j : j == 0 ? i : Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                        d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return d[a.length()][b.length()];
    }
}
