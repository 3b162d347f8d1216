package dev.recon.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.recon.core.security.CardNumberMasker;
import dev.recon.core.settlement.SettlementRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded mutations of every sample and fixture (truncation, byte flips, swapped
 * delimiters, deleted and duplicated lines, huge fields): each parse must end in a typed
 * {@link ParseException} or a result whose counts balance, never another exception, and the whole
 * run is bounded in time (a hang fails the test). Seeded, so a failure is reproducible: the message
 * names the seed, file and mutation.
 */
class MutationFuzzTest {

    private static final long SEED = 20260122L;
    private static final int MUTATIONS_PER_FILE = 120;

    private static final List<String[]> FILES = List.of(
            new String[] {"fixtures/adyen/settlement_detail_report_batch_1128.csv", "adyen"},
            new String[] {"fixtures/adyen/settlement_detail_report_batch_77.csv", "adyen"},
            new String[] {"samples/mt940/qoomon_valid-mt940.txt", "mt940"},
            new String[] {"samples/mt940/qoomon_valid-mt942.txt", "mt942"},
            new String[] {"samples/mt940/wolph_ASNB_0708271685_09022020_164516.940.txt", "mt940"},
            new String[] {"samples/mt940/wolph_betterplace_sepa_snippet.sta", "mt940"},
            new String[] {"samples/mt940/wolph_jejik_abnamro.sta", "mt940"},
            new String[] {"samples/mt940/wolph_jejik_ing.sta", "mt940"},
            new String[] {"samples/mt940/wolph_mBank_mt940.sta", "mt940"},
            new String[] {"samples/mt940/wolph_mBank_mt942.sta", "mt942"},
            new String[] {"samples/mt940/wolph_self-provided_mt942.sta", "mt942"},
            new String[] {"samples/camt053/genkgo_camt053.v2.multi.statement.xml", "camt053"},
            new String[] {"samples/camt053/genkgo_camt053.v8.xml", "camt053"},
            new String[] {"samples/camt054/genkgo_camt054.v2.xml", "camt054"},
            new String[] {"samples/camt054/genkgo_camt054.v8.xml", "camt054"},
            new String[] {"samples/bai2/moov_sample1.txt", "bai2"},
            new String[] {"samples/bai2/moov_sample2.txt", "bai2"},
            new String[] {"samples/bai2/moov_sample3.txt", "bai2"},
            new String[] {"samples/bai2/moov_sample5-issue113.txt", "bai2"},
            new String[] {"samples/nacha/moov_return-WEB.ach", "nacha"},
            new String[] {"samples/nacha/moov_dishonored-return.ach", "nacha"},
            new String[] {"samples/nacha/moov_cor-example.ach", "nacha"},
            new String[] {"fixtures/stripe/payout_reconciliation_itemized_5.csv", "stripe"},
            new String[] {"fixtures/paypal/STL-20260106.01.009.CSV", "paypal-stl"},
            new String[] {"fixtures/paypal/TRR-20260106.01.011.CSV", "paypal-trr"});

    @Test
    void mutatedFilesEndInTypedErrorsOrBalancedQuarantineNeverInAnotherException() {
        int[] outcomes = new int[2]; // [0] parsed, [1] typed ParseException
        assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
            Random random = new Random(SEED);
            for (String[] file : FILES) {
                byte[] original = Fixtures.bytes(file[0]);
                for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
                    int kind = random.nextInt(7);
                    byte[] mutated = mutate(original, kind, random);
                    String label = "seed " + SEED + " file " + file[0] + " mutation #" + i + " kind " + kind;
                    String format = (i % 4 == 0) ? Formats.AUTO : file[1];
                    run(label, format, mutated, outcomes);
                }
            }
        });
        // both paths must really be exercised, or the fuzzing proves nothing
        assertThat(outcomes[0]).isGreaterThan(500);
        assertThat(outcomes[1]).isGreaterThan(50);
    }

    private static void run(String label, String format, byte[] content, int[] outcomes) {
        CollectingSink sink = new CollectingSink();
        try {
            InputSource source = InputSource.of("fuzz.txt", content);
            SettlementFileParser parser = Formats.forFile(format, source, ParseOptions.defaults());
            ParseResult r = parser.parseReport(List.of(source), sink);
            assertThat(r.countsBalance()).as(label).isTrue();
            assertThat(sink.records.size() + sink.quarantined.size()).as(label).isEqualTo(r.rowsRead());
            for (SettlementRecord rec : sink.records) {
                assertThat(rec.net()).as(label).isNotNull();
                assertThat(CardNumberMasker.containsCardNumber(rec.rawLine())).as(label).isFalse();
            }
            for (QuarantinedRow q : sink.quarantined) {
                assertThat(q.line()).as(label).isPositive();
                assertThat(q.reason()).as(label).isNotBlank();
                assertThat(q.toCsvCells()).as(label).hasSize(5);
            }
            outcomes[0]++;
        } catch (ParseException e) {
            assertThat(e.getMessage()).as(label).startsWith("fuzz.txt:");
            outcomes[1]++;
        } catch (Throwable t) {
            throw new AssertionError(label + ": unexpected " + t, t);
        }
    }

    static byte[] mutate(byte[] in, int kind, Random random) {
        switch (kind) {
            case 0 -> { // truncation
                return java.util.Arrays.copyOf(in, random.nextInt(in.length + 1));
            }
            case 1 -> { // byte flips
                byte[] out = in.clone();
                int flips = 1 + random.nextInt(8);
                for (int k = 0; k < flips && out.length > 0; k++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 2 -> { // swapped delimiters
                String s = new String(in, StandardCharsets.ISO_8859_1);
                String[][] swaps = {{",", ";"}, {":", ","}, {".", ","}, {"\n", "\r"}, {"\"", "'"}, {"<", "{"}};
                String[] swap = swaps[random.nextInt(swaps.length)];
                return s.replace(swap[0], swap[1]).getBytes(StandardCharsets.ISO_8859_1);
            }
            case 3 -> { // huge field: a long run inserted at a random position
                int at = random.nextInt(in.length + 1);
                int size = random.nextInt(4) == 0 ? 1_500_000 + random.nextInt(1_000_000) : 70_000;
                char fill = "x\"9,:".charAt(random.nextInt(5));
                byte[] big = String.valueOf(fill).repeat(size).getBytes(StandardCharsets.ISO_8859_1);
                ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + big.length);
                out.write(in, 0, at);
                out.writeBytes(big);
                out.write(in, at, in.length - at);
                return out.toByteArray();
            }
            case 4 -> { // delete a line
                List<String> lines = new java.util.ArrayList<>(List.of(new String(in, StandardCharsets.UTF_8).split("\n", -1)));
                if (!lines.isEmpty()) {
                    lines.remove(random.nextInt(lines.size()));
                }
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> { // duplicate a line
                List<String> lines = new java.util.ArrayList<>(List.of(new String(in, StandardCharsets.UTF_8).split("\n", -1)));
                int k = random.nextInt(lines.size());
                lines.add(k, lines.get(k));
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            default -> { // digits scrambled (amounts, dates, counts)
                byte[] out = in.clone();
                for (int k = 0; k < out.length; k++) {
                    if (out[k] >= '0' && out[k] <= '9' && random.nextInt(20) == 0) {
                        out[k] = (byte) ('0' + random.nextInt(10));
                    }
                }
                return out;
            }
        }
    }
}
