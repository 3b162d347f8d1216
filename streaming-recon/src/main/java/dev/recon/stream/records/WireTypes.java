package dev.recon.stream.records;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Type information for records on their way from one operator to the next: the compact binary
 * layout of {@link LegCodec} instead of contract JSON. Writing and re-parsing JSON at every hop cost more than the matching itself (JFR of
 * {@code ./recon stream}: Jackson, ISO-8601 time parsing and {@code Instant.toString} on every
 * edge). These bytes live only between two tasks of the same job graph, never in a checkpoint of
 * operator state (the matching stage's state stores the same codec's bytes, under its own layout
 * number: see PaymentMatchState).
 */
public final class WireTypes {

    public static final TypeInformation<PaymentEvent> PAYMENT_EVENT =
            new ReconTypeInfo<>(PaymentEvent.class, new PaymentEventWireSerializer());
    public static final TypeInformation<ChannelCallback> CHANNEL_CALLBACK =
            new ReconTypeInfo<>(ChannelCallback.class, new ChannelCallbackWireSerializer());
    public static final TypeInformation<ResolvedCallback> RESOLVED_CALLBACK =
            new ReconTypeInfo<>(ResolvedCallback.class, new ResolvedCallbackWireSerializer());

    private WireTypes() {
    }

    /** Binary {@link PaymentEvent}; every field, so the event after the hop equals the one before. */
    public static final class PaymentEventWireSerializer extends ReconTypes.ImmutableSerializer<PaymentEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(PaymentEvent e, DataOutputView out) throws IOException {
            LegCodec.writeFramed(out, LegCodec.encode(e));
        }

        @Override
        public PaymentEvent deserialize(DataInputView in) throws IOException {
            return LegCodec.decodePayment(LegCodec.readFramed(in));
        }

        @Override
        public TypeSerializerSnapshot<PaymentEvent> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<PaymentEvent> {
            public Snapshot() {
                super(PaymentEventWireSerializer::new);
            }
        }
    }

    /** Binary {@link ChannelCallback}. */
    public static final class ChannelCallbackWireSerializer extends ReconTypes.ImmutableSerializer<ChannelCallback> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(ChannelCallback c, DataOutputView out) throws IOException {
            LegCodec.writeFramed(out, LegCodec.encode(c));
        }

        @Override
        public ChannelCallback deserialize(DataInputView in) throws IOException {
            return LegCodec.decodeChannelCallback(LegCodec.readFramed(in));
        }

        @Override
        public TypeSerializerSnapshot<ChannelCallback> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ChannelCallback> {
            public Snapshot() {
                super(ChannelCallbackWireSerializer::new);
            }
        }
    }

    /** Binary {@link ResolvedCallback}. */
    public static final class ResolvedCallbackWireSerializer
            extends ReconTypes.ImmutableSerializer<ResolvedCallback> {
        private static final long serialVersionUID = 1L;
        private static final ChannelCallbackWireSerializer CALLBACKS = new ChannelCallbackWireSerializer();

        @Override
        public void serialize(ResolvedCallback r, DataOutputView out) throws IOException {
            LegCodec.writeFramed(out, LegCodec.encode(r));
        }

        @Override
        public ResolvedCallback deserialize(DataInputView in) throws IOException {
            return LegCodec.decodeCallback(LegCodec.readFramed(in));
        }

        @Override
        public TypeSerializerSnapshot<ResolvedCallback> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ResolvedCallback> {
            public Snapshot() {
                super(ResolvedCallbackWireSerializer::new);
            }
        }
    }
}
