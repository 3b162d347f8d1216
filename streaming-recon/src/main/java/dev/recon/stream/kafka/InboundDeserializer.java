package dev.recon.stream.kafka;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.event.json.RejectionReason;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.stream.records.DeadLetter;
import dev.recon.stream.records.InboundRecord;
import dev.recon.stream.records.ReconTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record -> typed event, in the source, so the watermark strategy on the source reads real
 * event times. Never throws on content: a refused record becomes a dead letter carrying its
 * topic, partition and offset (and a timestamp that cannot move event time: see {@link
 * InboundRecord#fallbackTime}).
 */
public final class InboundDeserializer implements KafkaRecordDeserializationSchema<InboundRecord> {

    private static final long serialVersionUID = 1L;

    /** Which contract the topic carries. */
    public enum Kind { PAYMENT_EVENTS, CHANNEL_CALLBACKS }

    private final Kind kind;
    private transient EventLineReader lines;
    /** "topic/partition" of the last record: the same string for every record of a partition, not one each. */
    private transient String lastTopic;
    private transient int lastPartition;
    private transient String lastOrigin;

    public InboundDeserializer(Kind kind) {
        this.kind = kind;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InboundRecord> out) {
        if (lastOrigin == null || record.partition() != lastPartition || !record.topic().equals(lastTopic)) {
            lastTopic = record.topic();
            lastPartition = record.partition();
            lastOrigin = SourceLocation.ofKafka(lastTopic, lastPartition, 0).origin();
        }
        SourceLocation where = new SourceLocation(lastOrigin, record.offset());
        if (lines == null) {
            lines = new EventLineReader();
        }
        out.collect(decode(kind, record.value(), where, lines));
    }

    /** Shared with the file sources: one line or message to one inbound record. */
    public static InboundRecord decode(Kind kind, byte[] value, SourceLocation where) {
        return decode(kind, value, where, null);
    }

    /**
     * With {@code lines} (one per thread), the usual line shape is read by {@link EventLineReader};
     * whatever it leaves (null) is read, or refused, by recon-core's contract readers.
     */
    public static InboundRecord decode(Kind kind, byte[] value, SourceLocation where, EventLineReader lines) {
        if (value == null || value.length == 0) {
            return InboundRecord.of(new DeadLetter(where.origin(), where.line(), RejectionReason.UNPARSABLE_JSON, null,
                    "empty message", new byte[0]), Long.MIN_VALUE);
        }
        if (lines != null) {
            if (kind == Kind.PAYMENT_EVENTS) {
                PaymentEvent e = lines.payment(value, where);
                if (e != null) {
                    return InboundRecord.of(e);
                }
            } else {
                ChannelCallback c = lines.callback(value, where);
                if (c != null) {
                    return InboundRecord.of(c);
                }
            }
        }
        try {
            return kind == Kind.PAYMENT_EVENTS ? InboundRecord.of(PaymentEventJson.read(value, where))
                    : InboundRecord.of(ChannelCallbackJson.read(value, where));
        } catch (EventRejectedException e) {
            return InboundRecord.of(DeadLetter.of(where.origin(), where.line(), e, value), Long.MIN_VALUE);
        }
    }

    @Override
    public TypeInformation<InboundRecord> getProducedType() {
        return ReconTypes.INBOUND_RECORD;
    }
}
