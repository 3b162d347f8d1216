package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/** The banded, bounded edit distance used for near-miss references agrees with the textbook one. */
class EditDistanceProperties {

    @Property(tries = 1000)
    void bandedDistanceEqualsFullDistanceUpToTheBound(
            @ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'd') String a,
            @ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'd') String b) {
        int full = full(a, b);
        int bounded = NearMissExplainer.editDistance(a, b, NearMissExplainer.MAX_EDITS);
        assertThat(bounded).isEqualTo(Math.min(full, NearMissExplainer.MAX_EDITS + 1));
        assertThat(NearMissExplainer.editDistance(b, a, NearMissExplainer.MAX_EDITS)).isEqualTo(bounded);
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
