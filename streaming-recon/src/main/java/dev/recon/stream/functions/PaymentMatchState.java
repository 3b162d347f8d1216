package dev.recon.stream.functions;

import dev.recon.core.event.PaymentEvent;
import dev.recon.stream.records.LegCodec;
import dev.recon.stream.records.ReconTypes;
import dev.recon.stream.records.ResolvedCallback;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
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
 */
public final class PaymentMatchState {

    /** A timer or version that is not set. */
    static final long NONE = Long.MIN_VALUE;

    /** The payment events received, each {@link LegCodec#encode(PaymentEvent)}. */
    final List<byte[]> events;
    /** The callbacks received, each {@link LegCodec#encode(ResolvedCallback)}. */
    final List<byte[]> callbacks;
    /** recon_id -> signature of the row last emitted (or "RESOLVED"). */
    final Map<String, String> emitted;
    long lastVersion = NONE;
    long decisionTimer = NONE;
    long cleanupTimer = NONE;

    PaymentMatchState() {
        this(new ArrayList<>(2), new ArrayList<>(2), new HashMap<>(4));
    }

    private PaymentMatchState(List<byte[]> events, List<byte[]> callbacks, Map<String, String> emitted) {
        this.events = events;
        this.callbacks = callbacks;
        this.emitted = emitted;
    }

    void add(PaymentEvent e) {
        events.add(LegCodec.encode(e));
    }

    void add(ResolvedCallback c) {
        callbacks.add(LegCodec.encode(c));
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
        List<PaymentEvent> out = new ArrayList<>(events.size() + 1);
        int decoded = lastAdded == null ? events.size() : events.size() - 1;
        for (int i = 0; i < decoded; i++) {
            out.add(LegCodec.decodePayment(events.get(i)));
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
        List<ResolvedCallback> out = new ArrayList<>(callbacks.size() + 1);
        int decoded = lastAdded == null ? callbacks.size() : callbacks.size() - 1;
        for (int i = 0; i < decoded; i++) {
            out.add(LegCodec.decodeCallback(callbacks.get(i)));
        }
        if (lastAdded != null) {
            out.add(lastAdded);
        }
        return out;
    }

    PaymentMatchState copy() {
        // the arrays are never changed once added: copying the collections is a deep copy
        PaymentMatchState c = new PaymentMatchState(new ArrayList<>(events), new ArrayList<>(callbacks),
                new HashMap<>(emitted));
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
            writeLegs(out, s.events);
            writeLegs(out, s.callbacks);
            writeTail(out, s);
        }

        /** Layout 1, as the job wrote it before layout 2: kept so tests can prove it is still restored. */
        static void serializeLayout1(PaymentMatchState s, DataOutputView out) throws IOException {
            out.writeByte(1);
            out.writeInt(s.events.size());
            for (PaymentEvent e : s.decodeEvents()) {
                JSON_EVENTS.serialize(e, out);
            }
            out.writeInt(s.callbacks.size());
            for (ResolvedCallback c : s.decodeCallbacks()) {
                JSON_CALLBACKS.serialize(c, out);
            }
            writeTail(out, s);
        }

        private static void writeLegs(DataOutputView out, List<byte[]> legs) throws IOException {
            out.writeInt(legs.size());
            for (byte[] b : legs) {
                LegCodec.writeFramed(out, b);
            }
        }

        private static void writeTail(DataOutputView out, PaymentMatchState s) throws IOException {
            out.writeInt(s.emitted.size());
            for (Map.Entry<String, String> e : s.emitted.entrySet()) {
                ReconTypes.writeText(out, e.getKey());
                ReconTypes.writeText(out, e.getValue());
            }
            out.writeLong(s.lastVersion);
            out.writeLong(s.decisionTimer);
            out.writeLong(s.cleanupTimer);
        }

        @Override
        public PaymentMatchState deserialize(DataInputView in) throws IOException {
            int layout = in.readByte();
            PaymentMatchState s = new PaymentMatchState();
            if (layout == LAYOUT) {
                readLegs(in, s.events);
                readLegs(in, s.callbacks);
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
            for (int i = in.readInt(); i > 0; i--) {
                s.emitted.put(ReconTypes.readText(in), ReconTypes.readText(in));
            }
            s.lastVersion = in.readLong();
            s.decisionTimer = in.readLong();
            s.cleanupTimer = in.readLong();
            return s;
        }

        private static void readLegs(DataInputView in, List<byte[]> legs) throws IOException {
            for (int i = in.readInt(); i > 0; i--) {
                legs.add(LegCodec.readFramed(in));
            }
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
