package dev.recon.stream;

import static dev.recon.stream.StreamFixtures.at;
import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated traffic with injected breaks and its ground truth. Payment i falls into one of eight
 * cases (i mod 8): callback naming the payment, callback without payment id (resolved by channel
 * reference), clock-skewed callback two minutes before the payment, amount off by 0.01, no
 * callback, the same callback delivered twice, and the capture reported twice under two callback
 * ids (a DUPLICATE row besides the match). One callback has no payment at all. Event times grow
 * by {@code 60 / perMinute} seconds per payment, so timeouts also fall due mid-stream.
 */
public final class ReconScenario {

    public final List<PaymentEvent> payments = new ArrayList<>();
    public final List<ChannelCallback> callbacks = new ArrayList<>();
    /** payment id -> MATCHED or the break type of its row. */
    public final Map<String, String> truth = new LinkedHashMap<>();
    public final List<String> duplicateRefs = new ArrayList<>();
    public static final String GHOST_REF = "PSP-ghost";

    /**
     * Each payment's callbacks by the payment's number (its reference {@code PSP-<i>}); the ghost callback, which
     * has no payment, is left out. The benchmarks send a payment together with its callbacks.
     */
    public Map<Integer, List<ChannelCallback>> callbacksByPayment() {
        Map<Integer, List<ChannelCallback>> byPayment = new HashMap<>();
        for (ChannelCallback c : callbacks) {
            if (c.channelRef().startsWith("PSP-") && !c.channelRef().equals(GHOST_REF)) {
                byPayment.computeIfAbsent(Integer.parseInt(c.channelRef().substring(4)), k -> new ArrayList<>())
                        .add(c);
            }
        }
        return byPayment;
    }

    public static ReconScenario generate(int count, int perMinute) {
        ReconScenario s = new ReconScenario();
        for (int i = 0; i < count; i++) {
            String id = "p" + i;
            String ref = "PSP-" + i;
            int minute = i / perMinute;
            s.payments.add(payment(id, ref, "10.00", minute));
            switch (i % 8) {
                case 0, 1 -> {
                    s.callbacks.add(callback("cb" + i, ref, id, CallbackStatus.CAPTURED, "10.00", minute + 1));
                    s.truth.put(id, "MATCHED");
                }
                case 2 -> {
                    s.callbacks.add(callback("cb" + i, ref, null, CallbackStatus.CAPTURED, "10.00", minute + 1));
                    s.truth.put(id, "MATCHED");
                }
                case 3 -> {
                    s.callbacks.add(callback("cb" + i, ref, null, CallbackStatus.AUTHORISED, "10.00", minute - 2));
                    s.truth.put(id, "MATCHED");
                }
                case 4 -> {
                    s.callbacks.add(callback("cb" + i, ref, id, CallbackStatus.CAPTURED, "10.01", minute + 1));
                    s.truth.put(id, "AMOUNT_MISMATCH");
                }
                case 5 -> s.truth.put(id, "MISSING_IN_CHANNEL");
                case 6 -> {
                    s.callbacks.add(callback("cb" + i, ref, id, CallbackStatus.CAPTURED, "10.00", minute + 1));
                    s.callbacks.add(callback("cb" + i, ref, id, CallbackStatus.CAPTURED, "10.00", minute + 1));
                    s.truth.put(id, "MATCHED");
                }
                default -> {
                    s.callbacks.add(callback("cb" + i, ref, id, CallbackStatus.CAPTURED, "10.00", minute + 1));
                    s.callbacks.add(callback("cb" + i + "-again", ref, id, CallbackStatus.CAPTURED, "10.00",
                            minute + 2));
                    s.truth.put(id, "MATCHED");
                    s.duplicateRefs.add(ref);
                }
            }
        }
        s.callbacks.add(new ChannelCallback("cb-ghost", "acq", GHOST_REF, null, null, CallbackStatus.CAPTURED, true,
                null, Money.parse("3.00", "EUR"), at(4), null));
        return s;
    }

    /** The two JSON Lines files `./recon stream` reads, as {@link #writeJsonLines} wrote them. */
    public record JsonLinesFiles(Path payments, Path callbacks) {}

    /** Writes the payments to {@code events.jsonl} and the callbacks to {@code callbacks.jsonl} in {@code dir}. */
    public JsonLinesFiles writeJsonLines(Path dir) throws IOException {
        return new JsonLinesFiles(
                Files.write(dir.resolve("events.jsonl"), payments.stream().map(PaymentEventJson::writeString).toList()),
                Files.write(dir.resolve("callbacks.jsonl"), callbacks.stream().map(ChannelCallbackJson::writeString).toList()));
    }

    /** One row per payment, per duplicate and for the callback without payment. */
    public int expectedRows() {
        return truth.size() + duplicateRefs.size() + 1;
    }

    /** Checks the latest version of every result against the ground truth. */
    public void assertLatest(Collection<ReconResult> latest) {
        Map<String, List<ReconResult>> entryRows = new HashMap<>();
        for (ReconResult r : latest) {
            if (r.internalRecord()) {
                entryRows.computeIfAbsent(r.paymentId(), k -> new ArrayList<>()).add(r);
            }
        }
        assertThat(entryRows).as("one row per payment").hasSize(truth.size())
                .allSatisfy((id, rows) -> assertThat(rows).hasSize(1));
        truth.forEach((id, expected) -> {
            ReconResult row = entryRows.get(id).get(0);
            String outcome = row.status() == ResultStatus.MATCHED ? "MATCHED" : String.valueOf(row.breakType());
            assertThat(outcome).as("payment %s: %s", id, row.detail()).isEqualTo(expected);
        });
        assertThat(latest).filteredOn(r -> r.breakType() == BreakType.DUPLICATE).extracting(ReconResult::channelRef)
                .containsExactlyInAnyOrderElementsOf(duplicateRefs);
        assertThat(latest).filteredOn(r -> r.breakType() == BreakType.MISSING_INTERNAL).singleElement()
                .satisfies(r -> assertThat(r.channelRef()).isEqualTo(GHOST_REF));
        assertThat(latest).as("nothing left undecided").noneMatch(r -> r.status() == ResultStatus.PENDING);
        assertThat(latest).hasSize(expectedRows());
    }
}
