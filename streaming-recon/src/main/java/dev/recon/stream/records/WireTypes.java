package dev.recon.stream.records;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.io.IOException;
import java.time.Instant;
import java.util.Currency;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Type information for records on their way from one operator to the next: a compact binary
 * layout (strings, longs, enum ordinals) instead of the contract JSON that {@link ReconTypes} keeps
 * in state. Writing and re-parsing JSON at every hop cost more than the matching itself (JFR of
 * {@code ./recon stream}: Jackson, ISO-8601 time parsing and {@code Instant.toString} on every
 * edge). These bytes live only between two tasks of the same job graph, never in a checkpoint of
 * operator state, so the layout may change with the code; state keeps its JSON (see ReconTypes).
 */
public final class WireTypes {

    public static final TypeInformation<PaymentEvent> PAYMENT_EVENT =
            new ReconTypeInfo<>(PaymentEvent.class, new PaymentEventWireSerializer());
    public static final TypeInformation<ChannelCallback> CHANNEL_CALLBACK =
            new ReconTypeInfo<>(ChannelCallback.class, new ChannelCallbackWireSerializer());
    public static final TypeInformation<ResolvedCallback> RESOLVED_CALLBACK =
            new ReconTypeInfo<>(ResolvedCallback.class, new ResolvedCallbackWireSerializer());

    private static final TransactionType[] TX_TYPES = TransactionType.values();
    private static final TransactionStatus[] TX_STATUSES = TransactionStatus.values();
    private static final CallbackStatus[] CB_STATUSES = CallbackStatus.values();

    private static final int COMMON_LIMIT = 10_000;
    private static final ConcurrentHashMap<String, String> COMMON = new ConcurrentHashMap<>();

    private WireTypes() {
    }

    static void writeString(DataOutputView out, String s) throws IOException {
        StringValue.writeString(s, out); // null-safe
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /**
     * Reads a string of few distinct values (channel, merchant, account, source file or partition) as
     * one shared instance: the matching stage keeps every event in state until its retention ends,
     * and a copy of the same file name in each of a million events is heap for nothing.
     */
    static String readCommon(DataInputView in) throws IOException {
        String s = StringValue.readString(in);
        if (s == null || COMMON.size() >= COMMON_LIMIT) {
            return s;
        }
        String shared = COMMON.putIfAbsent(s, s);
        return shared == null ? s : shared;
    }

    static void writeMoney(DataOutputView out, Money m) throws IOException {
        out.writeLong(m.minorUnits());
        writeString(out, m.currencyCode());
    }

    static Money readMoney(DataInputView in) throws IOException {
        long minor = in.readLong();
        return new Money(minor, Currency.getInstance(readString(in)));
    }

    static void writeInstant(DataOutputView out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    static Instant readInstant(DataInputView in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    static void writeSource(DataOutputView out, SourceLocation s) throws IOException {
        writeString(out, s.origin());
        out.writeLong(s.line());
    }

    static SourceLocation readSource(DataInputView in) throws IOException {
        return new SourceLocation(readCommon(in), in.readLong());
    }

    /** Binary {@link PaymentEvent}; every field, so the event after the hop equals the one before. */
    public static final class PaymentEventWireSerializer extends ReconTypes.ImmutableSerializer<PaymentEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(PaymentEvent e, DataOutputView out) throws IOException {
            writeString(out, e.eventId());
            writeString(out, e.transactionId());
            writeString(out, e.paymentId());
            writeString(out, e.parentPaymentId());
            writeString(out, e.merchantId());
            writeString(out, e.accountId());
            writeString(out, e.channel());
            writeString(out, e.channelRef());
            writeString(out, e.parentChannelRef());
            out.writeByte(e.type().ordinal());
            out.writeByte(e.status().ordinal());
            writeMoney(out, e.amount());
            writeInstant(out, e.eventTime());
            FraudFeatures f = e.features();
            boolean none = f.equals(FraudFeatures.NONE);
            out.writeBoolean(none);
            if (!none) {
                writeString(out, f.customerId());
                writeString(out, f.cardFingerprint());
                writeString(out, f.cardBin());
                writeString(out, f.cardLast4());
                writeString(out, f.cardCountry());
                writeString(out, f.deviceId());
                writeString(out, f.ip());
                writeString(out, f.ipCountry());
            }
            writeSource(out, e.source());
        }

        @Override
        public PaymentEvent deserialize(DataInputView in) throws IOException {
            String eventId = readString(in);
            String transactionId = readString(in);
            String paymentId = readString(in);
            String parentPaymentId = readString(in);
            String merchantId = readCommon(in);
            String accountId = readCommon(in);
            String channel = readCommon(in);
            String channelRef = readString(in);
            String parentChannelRef = readString(in);
            TransactionType type = TX_TYPES[in.readByte()];
            TransactionStatus status = TX_STATUSES[in.readByte()];
            Money amount = readMoney(in);
            Instant eventTime = readInstant(in);
            FraudFeatures features = in.readBoolean() ? FraudFeatures.NONE
                    : new FraudFeatures(readString(in), readString(in), readString(in), readString(in),
                            readString(in), readString(in), readString(in), readString(in));
            return new PaymentEvent(eventId, transactionId, paymentId, parentPaymentId, merchantId, accountId, channel,
                    channelRef, parentChannelRef, type, status, amount, eventTime, features, readSource(in));
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
            writeString(out, c.callbackId());
            writeString(out, c.channel());
            writeString(out, c.channelRef());
            writeString(out, c.originalChannelRef());
            writeString(out, c.paymentId());
            out.writeByte(c.status().ordinal());
            out.writeBoolean(c.success());
            writeString(out, c.reason());
            writeMoney(out, c.amount());
            writeInstant(out, c.eventTime());
            writeSource(out, c.source());
        }

        @Override
        public ChannelCallback deserialize(DataInputView in) throws IOException {
            return new ChannelCallback(readString(in), readCommon(in), readString(in), readString(in), readString(in),
                    CB_STATUSES[in.readByte()], in.readBoolean(), readString(in), readMoney(in), readInstant(in),
                    readSource(in));
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
            writeString(out, r.key());
            out.writeLong(r.reportedVersion());
            CALLBACKS.serialize(r.callback(), out);
        }

        @Override
        public ResolvedCallback deserialize(DataInputView in) throws IOException {
            String key = readString(in);
            long reported = in.readLong();
            return new ResolvedCallback(key, CALLBACKS.deserialize(in), reported);
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
