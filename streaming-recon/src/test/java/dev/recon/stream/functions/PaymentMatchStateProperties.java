package dev.recon.stream.functions;

import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.payment;
import static dev.recon.stream.StreamFixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.PaymentEvent;
import dev.recon.stream.records.LegCodec;
import dev.recon.stream.records.ReconTypes;
import dev.recon.stream.records.ResolvedCallback;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flat {@link PaymentMatchState} (legs in one array, emitted signatures in one byte array)
 * against the plain model it replaced (a list of leg bytes per kind and a map of recon_id to
 * signature), on random sequences of arrivals and emissions: redelivery checks, decoded legs (with
 * and without the leg just added), every emitted signature, the checkpoint bytes (exactly layout 2
 * as the lists and the map wrote it, in emission order), the value restored from them, and copies
 * that do not change when the original does.
 */
class PaymentMatchStateProperties {

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** The state as it was kept before: two lists of leg bytes and a map, in arrival / emission order. */
    private static final class Model {
        final List<byte[]> events = new ArrayList<>();
        final List<byte[]> callbacks = new ArrayList<>();
        final Map<String, String> emitted = new LinkedHashMap<>();
        final List<PaymentEvent> eventObjects = new ArrayList<>();
        final List<ResolvedCallback> callbackObjects = new ArrayList<>();

        /** Layout 2 as the lists-and-map state wrote it. */
        byte[] layout2(long lastVersion, long decisionTimer, long cleanupTimer) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeByte(2);
            writeLegs(out, events);
            writeLegs(out, callbacks);
            out.writeInt(emitted.size());
            for (Map.Entry<String, String> e : emitted.entrySet()) {
                ReconTypes.writeText(out, e.getKey());
                ReconTypes.writeText(out, e.getValue());
            }
            out.writeLong(lastVersion);
            out.writeLong(decisionTimer);
            out.writeLong(cleanupTimer);
            return out.getCopyOfBuffer();
        }

        private static void writeLegs(DataOutputView out, List<byte[]> legs) throws IOException {
            out.writeInt(legs.size());
            for (byte[] b : legs) {
                LegCodec.writeFramed(out, b);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theFlatStateHoldsWhatTheListsAndTheMapHeld(long seed) throws Exception {
        Random r = new Random(seed);
        PaymentMatchState s = new PaymentMatchState();
        Model m = new Model();
        PaymentMatchState.Serializer serializer = new PaymentMatchState.Serializer();
        List<String> reconIds = List.of("recon-a", "recon-b", "c0ffee00-0000-3000-8000-000000000001", "recon-ü", "");
        int steps = 1 + r.nextInt(12);
        for (int step = 0; step < steps; step++) {
            Object justAdded = null;
            switch (r.nextInt(4)) {
                case 0 -> {
                    int i = r.nextInt(4);
                    PaymentEvent e = r.nextBoolean() ? payment("p" + i, "PSP-" + i, "10.0" + i, step)
                            : refund("r" + i, "p1", "PSP-r" + i, "4.5" + i, step);
                    s.add(e);
                    m.events.add(LegCodec.encode(e));
                    m.eventObjects.add(e);
                    justAdded = e;
                }
                case 1 -> {
                    int i = r.nextInt(4);
                    ResolvedCallback c = new ResolvedCallback("p:p1", callback("cb-" + i, "PSP-" + i,
                            r.nextBoolean() ? "p1" : null, CallbackStatus.values()[r.nextInt(CallbackStatus.values().length)],
                            "10.0" + i, step), r.nextInt(3) == 0 ? 1_790_000_000_000L + step : 0L);
                    s.add(c);
                    m.callbacks.add(LegCodec.encode(c));
                    m.callbackObjects.add(c);
                    justAdded = c;
                }
                default -> {
                    String id = reconIds.get(r.nextInt(reconIds.size()));
                    String signature = r.nextInt(4) == 0 ? "RESOLVED"
                            : "BREAK|AMOUNT_MISMATCH|SUCCEEDED|CAPTURED|10.0" + r.nextInt(10) + " EUR|€" + step;
                    s.emit(id, signature);
                    m.emitted.put(id, signature);
                }
            }
            s.lastVersion = r.nextBoolean() ? PaymentMatchState.NONE : r.nextLong();
            s.decisionTimer = r.nextBoolean() ? PaymentMatchState.NONE : r.nextLong();
            s.cleanupTimer = r.nextBoolean() ? PaymentMatchState.NONE : r.nextLong();

            assertThat(s.eventCount()).isEqualTo(m.events.size());
            assertThat(s.callbackCount()).isEqualTo(m.callbacks.size());
            for (int n = 0; n < 5; n++) {
                int i = n;
                String eventId = i < 4 && r.nextBoolean() ? "e-p" + i + "-" + r.nextInt(steps) : "e-r" + i;
                assertThat(s.hasEvent(eventId)).as(eventId)
                        .isEqualTo(m.eventObjects.stream().anyMatch(e -> e.eventId().equals(eventId)));
                assertThat(s.hasCallback("cb-" + i))
                        .isEqualTo(m.callbackObjects.stream().anyMatch(c -> c.callback().callbackId().equals("cb-" + i)));
            }
            assertThat(s.decodeEvents()).isEqualTo(m.eventObjects);
            assertThat(s.decodeCallbacks()).isEqualTo(m.callbackObjects);
            if (justAdded instanceof PaymentEvent e) {
                assertThat(s.decodeEvents(e)).isEqualTo(m.eventObjects);
            } else if (justAdded instanceof ResolvedCallback c) {
                assertThat(s.decodeCallbacks(c)).isEqualTo(m.callbackObjects);
            }
            assertThat(s.emittedNothing()).isEqualTo(m.emitted.isEmpty());
            for (String id : reconIds) {
                assertThat(s.emitted(id)).as(id).isEqualTo(m.emitted.get(id));
            }
            assertThat(s.emittedRows()).containsExactlyEntriesOf(m.emitted);

            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(s, out);
            byte[] written = out.getCopyOfBuffer();
            assertThat(written).as("layout 2, byte for byte")
                    .isEqualTo(m.layout2(s.lastVersion, s.decisionTimer, s.cleanupTimer));
            PaymentMatchState restored = serializer.deserialize(new DataInputDeserializer(written));
            DataOutputSerializer again = new DataOutputSerializer(256);
            serializer.serialize(restored, again);
            assertThat(again.getCopyOfBuffer()).isEqualTo(written);

            PaymentMatchState copy = serializer.copy(s);
            byte[] before = written;
            restored.add(payment("p9", "PSP-9", "1.00", 99));
            restored.emit("recon-a", "changed");
            restored.emit("recon-new", "new");
            s.add(new ResolvedCallback("p:p1", callback("cb-9", "PSP-9", null, CallbackStatus.CAPTURED, "1.00", 99),
                    0L));
            s.emit("recon-b", "changed");
            DataOutputSerializer ofCopy = new DataOutputSerializer(256);
            serializer.serialize(copy, ofCopy);
            assertThat(ofCopy.getCopyOfBuffer()).as("a copy does not change with its original").isEqualTo(before);
            s = copy; // the original was changed above: go on from the copy, which the model still describes
        }
    }
}
