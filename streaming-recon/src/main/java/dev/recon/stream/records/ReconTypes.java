package dev.recon.stream.records;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.event.json.ReconResultJson;
import dev.recon.core.event.json.RejectionReason;
import dev.recon.core.result.ReconResult;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Type information and serializers for everything the job keeps in state or sends between
 * operators. Events and results travel as their contract JSON (the same codec as Kafka and the
 * JSONL files): the state format then evolves exactly as the topic contract does, which is what a
 * savepoint taken before a new optional field must survive.
 */
public final class ReconTypes {

    public static final TypeInformation<PaymentEvent> PAYMENT_EVENT =
            new ReconTypeInfo<>(PaymentEvent.class, new PaymentEventSerializer());
    public static final TypeInformation<ChannelCallback> CHANNEL_CALLBACK =
            new ReconTypeInfo<>(ChannelCallback.class, new ChannelCallbackSerializer());
    public static final TypeInformation<ReconResult> RECON_RESULT =
            new ReconTypeInfo<>(ReconResult.class, new ReconResultSerializer());
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            new ReconTypeInfo<>(DeadLetter.class, new DeadLetterSerializer());
    public static final TypeInformation<InboundRecord> INBOUND_RECORD =
            new ReconTypeInfo<>(InboundRecord.class, new InboundRecordSerializer());
    public static final TypeInformation<ResolvedCallback> RESOLVED_CALLBACK =
            new ReconTypeInfo<>(ResolvedCallback.class, new ResolvedCallbackSerializer());

    private ReconTypes() {
    }

    /** Type information for another immutable record of the job (the fraud stages use it). */
    public static <T> TypeInformation<T> info(Class<T> type, ImmutableSerializer<T> serializer) {
        return new ReconTypeInfo<>(type, serializer);
    }

    /** Type information for a mutable state value with its own serializer (copies must be deep). */
    public static <T> TypeInformation<T> mutableInfo(Class<T> type, org.apache.flink.api.common.typeutils.TypeSerializer<T> serializer) {
        return new ReconTypeInfo<>(type, serializer);
    }

    /** Base for immutable records: copies are the instance itself, the length is variable. */
    public abstract static class ImmutableSerializer<T> extends TypeSerializerSingleton<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public T createInstance() {
            return null;
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            serialize(deserialize(source), target);
        }
    }

    static void writeBytes(DataOutputView out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(DataInputView in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    public static void writeText(DataOutputView out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeBytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static String readText(DataInputView in) throws IOException {
        return in.readBoolean() ? new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    static IOException corrupt(String what, EventRejectedException e) {
        // Only our own writer produced these bytes: failing to read them back is state corruption, not bad input.
        return new IOException("cannot restore a " + what + " from Flink state: " + e, e);
    }

    public static final class PaymentEventSerializer extends ImmutableSerializer<PaymentEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(PaymentEvent e, DataOutputView out) throws IOException {
            writeBytes(out, PaymentEventJson.write(e, true));
        }

        @Override
        public PaymentEvent deserialize(DataInputView in) throws IOException {
            try {
                return PaymentEventJson.read(readBytes(in), null);
            } catch (EventRejectedException e) {
                throw corrupt("payment event", e);
            }
        }

        @Override
        public TypeSerializerSnapshot<PaymentEvent> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<PaymentEvent> {
            public Snapshot() {
                super(PaymentEventSerializer::new);
            }
        }
    }

    public static final class ChannelCallbackSerializer extends ImmutableSerializer<ChannelCallback> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(ChannelCallback c, DataOutputView out) throws IOException {
            writeBytes(out, ChannelCallbackJson.write(c, true));
        }

        @Override
        public ChannelCallback deserialize(DataInputView in) throws IOException {
            try {
                return ChannelCallbackJson.read(readBytes(in), null);
            } catch (EventRejectedException e) {
                throw corrupt("channel callback", e);
            }
        }

        @Override
        public TypeSerializerSnapshot<ChannelCallback> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ChannelCallback> {
            public Snapshot() {
                super(ChannelCallbackSerializer::new);
            }
        }
    }

    public static final class ReconResultSerializer extends ImmutableSerializer<ReconResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(ReconResult r, DataOutputView out) throws IOException {
            writeBytes(out, ReconResultJson.write(r));
        }

        @Override
        public ReconResult deserialize(DataInputView in) throws IOException {
            try {
                return ReconResultJson.read(readBytes(in));
            } catch (EventRejectedException e) {
                throw corrupt("result", e);
            }
        }

        @Override
        public TypeSerializerSnapshot<ReconResult> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ReconResult> {
            public Snapshot() {
                super(ReconResultSerializer::new);
            }
        }
    }

    public static final class DeadLetterSerializer extends ImmutableSerializer<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(DeadLetter d, DataOutputView out) throws IOException {
            writeText(out, d.origin());
            out.writeLong(d.position());
            writeText(out, d.reason().name());
            writeText(out, d.field());
            writeText(out, d.detail());
            writeBytes(out, d.original());
        }

        @Override
        public DeadLetter deserialize(DataInputView in) throws IOException {
            return new DeadLetter(readText(in), in.readLong(), RejectionReason.valueOf(readText(in)), readText(in),
                    readText(in), readBytes(in));
        }

        @Override
        public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeadLetter> {
            public Snapshot() {
                super(DeadLetterSerializer::new);
            }
        }
    }

    public static final class InboundRecordSerializer extends ImmutableSerializer<InboundRecord> {
        private static final long serialVersionUID = 1L;
        private static final PaymentEventSerializer PAYMENTS = new PaymentEventSerializer();
        private static final ChannelCallbackSerializer CALLBACKS = new ChannelCallbackSerializer();
        private static final DeadLetterSerializer DEAD_LETTERS = new DeadLetterSerializer();

        @Override
        public void serialize(InboundRecord r, DataOutputView out) throws IOException {
            out.writeLong(r.fallbackTime());
            if (r.payment() != null) {
                out.writeByte(0);
                PAYMENTS.serialize(r.payment(), out);
            } else if (r.callback() != null) {
                out.writeByte(1);
                CALLBACKS.serialize(r.callback(), out);
            } else {
                out.writeByte(2);
                DEAD_LETTERS.serialize(r.deadLetter(), out);
            }
        }

        @Override
        public InboundRecord deserialize(DataInputView in) throws IOException {
            long fallback = in.readLong();
            byte tag = in.readByte();
            return switch (tag) {
                case 0 -> new InboundRecord(PAYMENTS.deserialize(in), null, null, fallback);
                case 1 -> new InboundRecord(null, CALLBACKS.deserialize(in), null, fallback);
                case 2 -> new InboundRecord(null, null, DEAD_LETTERS.deserialize(in), fallback);
                default -> throw new IOException("unknown inbound record tag " + tag);
            };
        }

        @Override
        public TypeSerializerSnapshot<InboundRecord> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<InboundRecord> {
            public Snapshot() {
                super(InboundRecordSerializer::new);
            }
        }
    }

    public static final class ResolvedCallbackSerializer extends ImmutableSerializer<ResolvedCallback> {
        private static final long serialVersionUID = 1L;
        private static final ChannelCallbackSerializer CALLBACKS = new ChannelCallbackSerializer();

        @Override
        public void serialize(ResolvedCallback r, DataOutputView out) throws IOException {
            writeText(out, r.key());
            out.writeLong(r.reportedVersion());
            CALLBACKS.serialize(r.callback(), out);
        }

        @Override
        public ResolvedCallback deserialize(DataInputView in) throws IOException {
            String key = readText(in);
            long reported = in.readLong();
            return new ResolvedCallback(key, CALLBACKS.deserialize(in), reported);
        }

        @Override
        public TypeSerializerSnapshot<ResolvedCallback> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ResolvedCallback> {
            public Snapshot() {
                super(ResolvedCallbackSerializer::new);
            }
        }
    }
}
