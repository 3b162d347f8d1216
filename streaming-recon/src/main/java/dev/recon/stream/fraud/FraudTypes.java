package dev.recon.stream.fraud;

import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.money.Money;
import dev.recon.fraud.Dimension;
import dev.recon.fraud.FraudDecision;
import dev.recon.fraud.FraudScore;
import dev.recon.fraud.PastPayment;
import dev.recon.fraud.RuleHit;
import dev.recon.stream.records.ReconTypes;
import dev.recon.stream.records.WireTypes;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Type information for the fraud stages' records (never Kryo: {@code Money} holds a
 * {@link java.util.Currency}, which compares by identity). Binary layouts are versioned by their
 * snapshot classes like the recon records.
 */
public final class FraudTypes {

    // First: the serializers below copy it in their constructors, so it must be set before they are built
    // (declared after them it was still null, and a state backend that serializes on every access, RocksDB,
    // failed on the first DimensionedEvent or FraudPart with its event).
    private static final TypeSerializer<PaymentEvent> EVENTS = new ReconTypes.PaymentEventSerializer();

    public static final TypeInformation<DimensionedEvent> DIMENSIONED_EVENT =
            ReconTypes.info(DimensionedEvent.class, new DimensionedEventSerializer());
    public static final TypeInformation<FraudPart> FRAUD_PART =
            ReconTypes.info(FraudPart.class, new FraudPartSerializer());
    public static final TypeInformation<FraudScore> FRAUD_SCORE =
            ReconTypes.info(FraudScore.class, new FraudScoreSerializer());
    /** The same records between operators: their payment event in {@link WireTypes}' binary layout, not JSON. */
    public static final TypeInformation<DimensionedEvent> DIMENSIONED_EVENT_WIRE =
            ReconTypes.info(DimensionedEvent.class, new DimensionedEventWireSerializer());
    public static final TypeInformation<FraudPart> FRAUD_PART_WIRE =
            ReconTypes.info(FraudPart.class, new FraudPartWireSerializer());
    public static final TypeInformation<PastPayment> PAST_PAYMENT =
            ReconTypes.info(PastPayment.class, new PastPaymentSerializer());

    private FraudTypes() {
    }

    static void writeHits(List<RuleHit> hits, DataOutputView out) throws IOException {
        out.writeInt(hits.size());
        for (RuleHit h : hits) {
            ReconTypes.writeText(out, h.ruleId());
            out.writeInt(h.score());
            ReconTypes.writeText(out, h.reason());
        }
    }

    static List<RuleHit> readHits(DataInputView in) throws IOException {
        int n = in.readInt();
        List<RuleHit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hits.add(new RuleHit(ReconTypes.readText(in), in.readInt(), ReconTypes.readText(in)));
        }
        return hits;
    }

    public static class DimensionedEventSerializer extends ReconTypes.ImmutableSerializer<DimensionedEvent> {
        private static final long serialVersionUID = 1L;
        private final TypeSerializer<PaymentEvent> events;

        public DimensionedEventSerializer() {
            this(EVENTS);
        }

        DimensionedEventSerializer(TypeSerializer<PaymentEvent> events) {
            this.events = events;
        }

        @Override
        public void serialize(DimensionedEvent d, DataOutputView out) throws IOException {
            ReconTypes.writeText(out, d.dimension().name());
            ReconTypes.writeText(out, d.key());
            events.serialize(d.event(), out);
        }

        @Override
        public DimensionedEvent deserialize(DataInputView in) throws IOException {
            return new DimensionedEvent(Dimension.valueOf(ReconTypes.readText(in)), ReconTypes.readText(in),
                    events.deserialize(in));
        }

        @Override
        public TypeSerializerSnapshot<DimensionedEvent> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<DimensionedEvent> {
            public Snapshot() {
                super(DimensionedEventSerializer::new);
            }
        }
    }

    public static class FraudPartSerializer extends ReconTypes.ImmutableSerializer<FraudPart> {
        private static final long serialVersionUID = 1L;
        private final TypeSerializer<PaymentEvent> events;

        public FraudPartSerializer() {
            this(EVENTS);
        }

        FraudPartSerializer(TypeSerializer<PaymentEvent> events) {
            this.events = events;
        }

        @Override
        public void serialize(FraudPart p, DataOutputView out) throws IOException {
            ReconTypes.writeText(out, p.eventId());
            out.writeInt(p.expectedParts());
            out.writeBoolean(p.event() != null);
            if (p.event() != null) {
                events.serialize(p.event(), out);
            }
            writeHits(p.hits(), out);
        }

        @Override
        public FraudPart deserialize(DataInputView in) throws IOException {
            String id = ReconTypes.readText(in);
            int expected = in.readInt();
            PaymentEvent e = in.readBoolean() ? events.deserialize(in) : null;
            return new FraudPart(id, e, expected, readHits(in));
        }

        @Override
        public TypeSerializerSnapshot<FraudPart> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<FraudPart> {
            public Snapshot() {
                super(FraudPartSerializer::new);
            }
        }
    }

    /** {@link DimensionedEventSerializer} for the edge into the windowed stage (not for state). */
    public static final class DimensionedEventWireSerializer extends DimensionedEventSerializer {
        private static final long serialVersionUID = 1L;

        public DimensionedEventWireSerializer() {
            super(new WireTypes.PaymentEventWireSerializer());
        }

        @Override
        public TypeSerializerSnapshot<DimensionedEvent> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<DimensionedEvent> {
            public Snapshot() {
                super(DimensionedEventWireSerializer::new);
            }
        }
    }

    /** {@link FraudPartSerializer} for the edges into the combine stage (not for state). */
    public static final class FraudPartWireSerializer extends FraudPartSerializer {
        private static final long serialVersionUID = 1L;

        public FraudPartWireSerializer() {
            super(new WireTypes.PaymentEventWireSerializer());
        }

        @Override
        public TypeSerializerSnapshot<FraudPart> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<FraudPart> {
            public Snapshot() {
                super(FraudPartWireSerializer::new);
            }
        }
    }

    public static final class FraudScoreSerializer extends ReconTypes.ImmutableSerializer<FraudScore> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(FraudScore s, DataOutputView out) throws IOException {
            ReconTypes.writeText(out, s.eventId());
            ReconTypes.writeText(out, s.paymentId());
            ReconTypes.writeText(out, s.transactionId());
            ReconTypes.writeText(out, s.merchantId());
            ReconTypes.writeText(out, s.channel());
            out.writeLong(s.eventTime().getEpochSecond());
            out.writeInt(s.eventTime().getNano());
            out.writeInt(s.score());
            ReconTypes.writeText(out, s.decision().name());
            writeHits(s.hits(), out);
            ReconTypes.writeText(out, s.rulesVersion());
        }

        @Override
        public FraudScore deserialize(DataInputView in) throws IOException {
            return new FraudScore(ReconTypes.readText(in), ReconTypes.readText(in), ReconTypes.readText(in),
                    ReconTypes.readText(in), ReconTypes.readText(in), Instant.ofEpochSecond(in.readLong(), in.readInt()),
                    in.readInt(), FraudDecision.valueOf(ReconTypes.readText(in)), readHits(in), ReconTypes.readText(in));
        }

        @Override
        public TypeSerializerSnapshot<FraudScore> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<FraudScore> {
            public Snapshot() {
                super(FraudScoreSerializer::new);
            }
        }
    }

    public static final class PastPaymentSerializer extends ReconTypes.ImmutableSerializer<PastPayment> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(PastPayment p, DataOutputView out) throws IOException {
            ReconTypes.writeText(out, p.eventId());
            out.writeLong(p.eventTime().getEpochSecond());
            out.writeInt(p.eventTime().getNano());
            out.writeLong(p.amount().minorUnits());
            ReconTypes.writeText(out, p.amount().currencyCode());
            ReconTypes.writeText(out, p.status() == null ? null : p.status().name());
        }

        @Override
        public PastPayment deserialize(DataInputView in) throws IOException {
            String id = ReconTypes.readText(in);
            Instant t = Instant.ofEpochSecond(in.readLong(), in.readInt());
            Money amount = Money.ofMinor(in.readLong(), ReconTypes.readText(in));
            String status = ReconTypes.readText(in);
            return new PastPayment(id, t, amount, status == null ? null : TransactionStatus.valueOf(status));
        }

        @Override
        public TypeSerializerSnapshot<PastPayment> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<PastPayment> {
            public Snapshot() {
                super(PastPaymentSerializer::new);
            }
        }
    }
}
