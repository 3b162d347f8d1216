package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.testing.RandomCases;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The near-miss reference index gives the same candidates, in the same order and with the same
 * per-bucket cap, as the plain map from (channel, deletion variant string) to records that it
 * replaces. References are short and over a three-letter alphabet so that shared variants, runs of
 * equal characters and full buckets are common; two channels so the channel is part of the key.
 */
class DeletionIndexProperties {

    private static final int CAP = 8;

    static LongStream seeds() {
        return RandomCases.seeds(300);
    }

    private record Ref(String channel, String ref) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sameCandidatesAsTheStringKeyedMap(long seed) {
        RandomCases.check(seed, random -> {
            List<Ref> indexed = random.listOfMaxSize(120,
                    r -> new Ref(r.oneOf("adyen", "stripe"), r.bool() ? r.stringOfMaxLength(6, 'a', 'c') : null));
            List<Ref> queries = random.listOfMaxSize(60,
                    r -> new Ref(r.oneOf("adyen", "stripe"), r.stringOfMaxLength(7, 'a', 'c')));
            CrossKeyNearMiss.DeletionIndex<Integer> index = new CrossKeyNearMiss.DeletionIndex<>(random.intBetween(0, 4));
            Map<List<String>, List<Integer>> reference = new HashMap<>();
            for (int k = 0; k < indexed.size(); k++) {
                Ref r = indexed.get(k);
                index.add(r.channel(), r.ref(), k);
                for (String v : CrossKeyNearMiss.deletions(r.ref())) {
                    List<Integer> bucket = reference.computeIfAbsent(List.of(r.channel(), v), x -> new ArrayList<>());
                    if (bucket.size() < CAP) {
                        bucket.add(k);
                    }
                }
            }
            for (Ref q : queries) {
                List<Integer> expected = new ArrayList<>();
                for (String v : CrossKeyNearMiss.deletions(q.ref())) {
                    expected.addAll(reference.getOrDefault(List.of(q.channel(), v), List.of()));
                }
                List<Integer> actual = new ArrayList<>();
                index.collect(q.channel(), q.ref(), actual);
                assertThat(actual).as("%s %s", q.channel(), q.ref()).isEqualTo(expected);
            }
        });
    }
}
