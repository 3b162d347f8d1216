package dev.recon.stream;

import dev.recon.stream.records.InboundRecord;
import java.util.Objects;
import org.apache.flink.api.connector.source.Source;

/**
 * The job's two inputs as FLIP-27 sources of parsed lines: Kafka in production
 * ({@link dev.recon.stream.kafka.KafkaIo}), bounded files or test sources otherwise. The job puts
 * its watermark strategy on them, so per-split (per Kafka partition) watermarks are kept.
 */
public record ReconSources(Source<InboundRecord, ?, ?> payments, Source<InboundRecord, ?, ?> callbacks,
        Source<String, ?, ?> fraudRuleUpdates) {

    public ReconSources {
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(callbacks, "callbacks");
    }

    /** Without live fraud rule updates (the rule set the job was built with stays in force). */
    public ReconSources(Source<InboundRecord, ?, ?> payments, Source<InboundRecord, ?, ?> callbacks) {
        this(payments, callbacks, null);
    }
}
