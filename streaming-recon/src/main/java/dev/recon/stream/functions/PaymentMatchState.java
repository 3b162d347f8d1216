package dev.recon.stream.functions;

import dev.recon.core.event.PaymentEvent;
import dev.recon.stream.records.LegCodec;
import dev.recon.stream.records.ReconTypes;
import dev.recon.stream.records.ResolvedCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Everything {@link PaymentMatchFunction} keeps for one payment key, as one state value: the
 * ledger events and callbacks received, what was emitted per recon_id (its signature), the last
 * version emitted and the two timers.
 *
 * <p>Why one value: the function used six keyed states (two lists, a map, three values), and each
 * access is a lookup in a hash table holding every key of the subtask; an arrival cost about ten
 * of them, a third of the matching stage's CPU at a million keys. Now it is one read and one write.
 *
 * <p>The legs are kept encoded, one byte array each ({@link LegCodec}), in memory and in
 * checkpoints (layout 2): a decoded leg is about fifteen objects, and the file mode holds every leg
 * of a run until its end (garbage collection was a third of its time); checkpoints of the Kafka
 * mode wrote every open key's legs as contract JSON each interval. A key's legs are decoded when it
 * is decided. Checkpoints and savepoints of layout 1 (legs as the contract JSON of
 * {@link ReconTypes}) are still read; restoring the six-state layout before that: see
 * {@link PaymentMatchFunction} (the old states are read once per key and cleared).
 *
 * <p>Flat in memory: the file mode holds every key until the end of input (a later leg can still
 * change a decided row: a second callback, a redelivery to recognise), so what a key holds is what
 * the garbage collector copies and marks again and again. The legs are one array of their byte
 * arrays and the emitted signatures one byte array (not two lists and a map with its nodes and
 * strings): a decided pair is 5 objects instead of 14. Checkpoints keep layout 2, byte for byte.
 */
public final class PaymentMatchState {

    /** A timer or version that is not set. */
    static final long NONE = Long.MIN_VALUE;
    private static final byte[][] NO_LEGS = new byte[0][];
    private static final byte[] NOTHING_EMITTED = new byte[0];

    /**
     * The legs received, each its {@link LegCodec} bytes as it arrived: the payment events first
     * ({@link #eventCount} of them), then the callbacks, each kind in arrival order. Never changed in
     * place: adding a leg makes a new array, so a copy may share it.
     */
    private byte[][] legs = NO_LEGS;
    private int eventCount;
    /**
     * What was emitted, per recon_id the signature of the row last emitted (or "RESOLVED"): pairs of
     * {@link ReconTypes#writeText} in emission order, which is also how layout 2 writes them. Never
     * changed in place (a new array per change).
     */
    private byte[] emitted = NOTHING_EMITTED;
    private int emittedCount;
    long lastVersion = NONE;
    long decisionTimer = NONE;
    long cleanupTimer = NONE;

    PaymentMatchState() {
    }

    void add(PaymentEvent e) {
        byte[][] more = new byte[legs.length + 1][];
        System.arraycopy(legs, 0, more, 0, eventCount);
        more[eventCount] = LegCodec.encode(e);
        System.arraycopy(legs, eventCount, more, eventCount + 1, legs.length - eventCount);
        legs = more;
        eventCount++;
    }

    void add(ResolvedCallback c) {
        byte[][] more = Arrays.copyOf(legs, legs.length + 1);
        more[legs.length] = LegCodec.encode(c);
        legs = more;
    }

    int eventCount() {
        return eventCount;
    }

    int callbackCount() {
        return legs.length - eventCount;
    }

    /** True when an event with this event_id was received (a redelivery). */
    boolean hasEvent(String eventId) {
        for (int i = 0; i < eventCount; i++) {
            if (LegCodec.eventId(legs[i]).equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    /** True when a callback with this callback_id was received (a redelivery). */
    boolean hasCallback(String callbackId) {
        for (int i = eventCount; i < legs.length; i++) {
            if (LegCodec.callbackId(legs[i]).equals(callbackId)) {
                return true;
            }
        }
        return false;
    }

    List<PaymentEvent> decodeEvents() {
        return decodeEvents(null);
    }

    /**
     * {@code lastAdded}: the event added last, when the caller still holds it (the leg that just
     * arrived), so its bytes are not decoded again; {@code LegCodecProperties} shows a decoded leg
     * equals the one encoded.
     */
    List<PaymentEvent> decodeEvents(PaymentEvent lastAdded) {
        List<PaymentEvent> out = new ArrayList<>(eventCount);
        int decoded = lastAdded == null ? eventCount : eventCount - 1;
        for (int i = 0; i < decoded; i++) {
            out.add(LegCodec.decodePayment(legs[i]));
        }
        if (lastAdded != null) {
            out.add(lastAdded);
        }
        return out;
    }

    List<ResolvedCallback> decodeCallbacks() {
        return decodeCallbacks(null);
    }

    /** As {@link #decodeEvents(PaymentEvent)}, for callbacks. */
    List<ResolvedCallback> decodeCallbacks(ResolvedCallback lastAdded) {
        List<ResolvedCallback> out = new ArrayList<>(callbackCount());
        int decoded = lastAdded == null ? legs.length : legs.length - 1;
        for (int i = eventCount; i < decoded; i++) {
            out.add(LegCodec.decodeCallback(legs[i]));
        }
        if (lastAdded != null) {
            out.add(lastAdded);
        }
        return out;
    }

    boolean emittedNothing() {
        return emittedCount == 0;
    }

    /** The signature last emitted for {@code reconId}, null when none was. */
    String emitted(String reconId) {
        if (emittedCount == 0) {
            return null;
        }
        try {
            DataInputDeserializer in = new DataInputDeserializer(emitted);
            for (int i = 0; i < emittedCount; i++) {
                String id = ReconTypes.readText(in);
                String signature = ReconTypes.readText(in);
                if (id.equals(reconId)) {
                    return signature;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("emitted rows of a payment key", e);
        }
    }

    /** recon_id -> signature, in emission order (checkpoints, tests). */
    Map<String, String> emittedRows() {
        Map<String, String> rows = new LinkedHashMap<>();
        try {
            DataInputDeserializer in = new DataInputDeserializer(emitted);
            for (int i = 0; i < emittedCount; i++) {
                rows.put(ReconTypes.readText(in), ReconTypes.readText(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("emitted rows of a payment key", e);
        }
        return rows;
    }

    /** Remembers {@code signature} as what was last emitted for {@code reconId}. */
    void emit(String reconId, String signature) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(emitted.length + 128);
            if (emitted(reconId) == null) {
                out.write(emitted);
                ReconTypes.writeText(out, reconId);
                ReconTypes.writeText(out, signature);
                emittedCount++;
            } else {
                // a new version of a row emitted before: its entry is replaced where it was
                for (Map.Entry<String, String> e : emittedRows().entrySet()) {
                    ReconTypes.writeText(out, e.getKey());
                    ReconTypes.writeText(out, e.getKey().equals(reconId) ? signature : e.getValue());
                }
            }
            emitted = out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("emitted rows of a payment key", e);
        }
    }

    PaymentMatchState copy() {
        // the arrays are never changed in place: sharing them is a deep copy
        PaymentMatchState c = new PaymentMatchState();
        c.legs = legs;
        c.eventCount = eventCount;
        c.emitted = emitted;
        c.emittedCount = emittedCount;
        c.lastVersion = lastVersion;
        c.decisionTimer = decisionTimer;
        c.cleanupTimer = cleanupTimer;
        return c;
    }

    public static final TypeInformation<PaymentMatchState> TYPE = ReconTypes.mutableInfo(PaymentMatchState.class,
            new Serializer());

    /**
     * Layout 2: counts, then each leg's bytes (length, bytes); the emitted signatures; longs for the
     * version and the timers (NONE when unset). Layout 1 (read only): the same with each leg as its
     * contract JSON.
     */
    public static final class Serializer extends TypeSerializerSingleton<PaymentMatchState> {
        private static final long serialVersionUID = 1L;
        /** The layout this code writes. */
        static final int LAYOUT = 2;
        private static final ReconTypes.PaymentEventSerializer JSON_EVENTS = new ReconTypes.PaymentEventSerializer();
        private static final ReconTypes.ResolvedCallbackSerializer JSON_CALLBACKS =
                new ReconTypes.ResolvedCallbackSerializer();

        @Override
        public boolean isImmutableType() {
            return false; // the function changes it in place; the heap backend copies it while a snapshot runs
        }

        @Override
        public PaymentMatchState createInstance() {
            return new PaymentMatchState();
        }

        @Override
        public PaymentMatchState copy(PaymentMatchState from) {
            return from.copy();
        }

        @Override
        public PaymentMatchState copy(PaymentMatchState from, PaymentMatchState reuse) {
            return from.copy();
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(PaymentMatchState s, DataOutputView out) throws IOException {
            out.writeByte(LAYOUT);
            writeLegs(out, s.legs, 0, s.eventCount);
            writeLegs(out, s.legs, s.eventCount, s.legs.length);
            writeTail(out, s);
        }

        /** Layout 1, as the job wrote it before layout 2: kept so tests can prove it is still restored. */
        static void serializeLayout1(PaymentMatchState s, DataOutputView out) throws IOException {
            out.writeByte(1);
            out.writeInt(s.eventCount());
            for (PaymentEvent e : s.decodeEvents()) {
                JSON_EVENTS.serialize(e, out);
            }
            out.writeInt(s.callbackCount());
            for (ResolvedCallback c : s.decodeCallbacks()) {
                JSON_CALLBACKS.serialize(c, out);
            }
            writeTail(out, s);
        }

        private static void writeLegs(DataOutputView out, byte[][] legs, int from, int to) throws IOException {
            out.writeInt(to - from);
            for (int i = from; i < to; i++) {
                LegCodec.writeFramed(out, legs[i]);
            }
        }

        private static void writeTail(DataOutputView out, PaymentMatchState s) throws IOException {
            out.writeInt(s.emittedCount);
            out.write(s.emitted); // already pairs of writeText
            out.writeLong(s.lastVersion);
            out.writeLong(s.decisionTimer);
            out.writeLong(s.cleanupTimer);
        }

        @Override
        public PaymentMatchState deserialize(DataInputView in) throws IOException {
            int layout = in.readByte();
            PaymentMatchState s = new PaymentMatchState();
            if (layout == LAYOUT) {
                byte[][] events = readLegs(in);
                byte[][] callbacks = readLegs(in);
                s.legs = Arrays.copyOf(events, events.length + callbacks.length);
                System.arraycopy(callbacks, 0, s.legs, events.length, callbacks.length);
                s.eventCount = events.length;
            } else if (layout == 1) {
                for (int i = in.readInt(); i > 0; i--) {
                    s.add(JSON_EVENTS.deserialize(in));
                }
                for (int i = in.readInt(); i > 0; i--) {
                    s.add(JSON_CALLBACKS.deserialize(in));
                }
            } else {
                throw new IOException("payment match state layout " + layout + " is unknown to this job (1, "
                        + LAYOUT + ")");
            }
            int emitted = in.readInt();
            DataOutputSerializer rows = new DataOutputSerializer(64 + 64 * emitted);
            for (int i = 0; i < emitted; i++) {
                ReconTypes.writeText(rows, ReconTypes.readText(in));
                ReconTypes.writeText(rows, ReconTypes.readText(in));
            }
            s.emitted = emitted == 0 ? NOTHING_EMITTED : rows.getCopyOfBuffer();
            s.emittedCount = emitted;
            s.lastVersion = in.readLong();
            s.decisionTimer = in.readLong();
            s.cleanupTimer = in.readLong();
            return s;
        }

        private static byte[][] readLegs(DataInputView in) throws IOException {
            byte[][] legs = new byte[in.readInt()][];
            for (int i = 0; i < legs.length; i++) {
                legs[i] = LegCodec.readFramed(in);
            }
            return legs;
        }

        @Override
        public PaymentMatchState deserialize(PaymentMatchState reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            serialize(deserialize(source), target);
        }

        @Override
        public TypeSerializerSnapshot<PaymentMatchState> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<PaymentMatchState> {
            public Snapshot() {
                super(Serializer::new);
            }
        }
    }
}
