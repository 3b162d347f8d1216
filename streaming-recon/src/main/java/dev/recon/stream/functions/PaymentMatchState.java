package dev.recon.stream.functions;

import dev.recon.core.event.PaymentEvent;
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
 * The events and callbacks are written with the contract JSON serializers of {@link ReconTypes},
 * as in the earlier layout. Restoring a savepoint of the earlier layout: see
 * {@link PaymentMatchFunction} (the old states are read once per key and cleared).
 */
public final class PaymentMatchState {

    /** A timer or version that is not set. */
    static final long NONE = Long.MIN_VALUE;

    final List<PaymentEvent> events;
    final List<ResolvedCallback> callbacks;
    /** recon_id -> signature of the row last emitted (or "RESOLVED"). */
    final Map<String, String> emitted;
    long lastVersion = NONE;
    long decisionTimer = NONE;
    long cleanupTimer = NONE;

    PaymentMatchState() {
        this(new ArrayList<>(2), new ArrayList<>(2), new HashMap<>(4));
    }

    private PaymentMatchState(List<PaymentEvent> events, List<ResolvedCallback> callbacks,
            Map<String, String> emitted) {
        this.events = events;
        this.callbacks = callbacks;
        this.emitted = emitted;
    }

    PaymentMatchState copy() {
        PaymentMatchState c = new PaymentMatchState(new ArrayList<>(events), new ArrayList<>(callbacks),
                new HashMap<>(emitted));
        c.lastVersion = lastVersion;
        c.decisionTimer = decisionTimer;
        c.cleanupTimer = cleanupTimer;
        return c;
    }

    public static final TypeInformation<PaymentMatchState> TYPE = ReconTypes.mutableInfo(PaymentMatchState.class,
            new Serializer());

    /** Layout version 1: counts, then elements; longs for the version and the timers (NONE when unset). */
    public static final class Serializer extends TypeSerializerSingleton<PaymentMatchState> {
        private static final long serialVersionUID = 1L;
        private static final ReconTypes.PaymentEventSerializer EVENTS = new ReconTypes.PaymentEventSerializer();
        private static final ReconTypes.ResolvedCallbackSerializer CALLBACKS =
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
            return from.copy(); // elements are immutable records: copying the collections is a deep copy
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
            out.writeByte(1);
            out.writeInt(s.events.size());
            for (PaymentEvent e : s.events) {
                EVENTS.serialize(e, out);
            }
            out.writeInt(s.callbacks.size());
            for (ResolvedCallback c : s.callbacks) {
                CALLBACKS.serialize(c, out);
            }
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
            if (layout != 1) {
                throw new IOException("payment match state layout " + layout + " is newer than this job (1)");
            }
            PaymentMatchState s = new PaymentMatchState();
            for (int i = in.readInt(); i > 0; i--) {
                s.events.add(EVENTS.deserialize(in));
            }
            for (int i = in.readInt(); i > 0; i--) {
                s.callbacks.add(CALLBACKS.deserialize(in));
            }
            for (int i = in.readInt(); i > 0; i--) {
                s.emitted.put(ReconTypes.readText(in), ReconTypes.readText(in));
            }
            s.lastVersion = in.readLong();
            s.decisionTimer = in.readLong();
            s.cleanupTimer = in.readLong();
            return s;
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
