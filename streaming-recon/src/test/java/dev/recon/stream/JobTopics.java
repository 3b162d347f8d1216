package dev.recon.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five topics of one job run on the test kit's broker (unique names, so tests never see each
 * other's records) and the job options that point at them, with a unique consumer group and
 * transactional id prefix.
 */
record JobTopics(String bootstrap, String payments, String callbacks, String results, String deadLetters,
        String fraud) {

    static JobTopics create(KafkaTestTopics kafka, String bootstrap, int partitions) throws Exception {
        return new JobTopics(bootstrap, kafka.create("payment-events", partitions),
                kafka.create("channel-callbacks", partitions), kafka.create("recon-results", partitions),
                kafka.create("recon-dead-letters", 1), kafka.create("fraud-scores", partitions));
    }

    /** Options of a run reading both topics from the beginning, checkpointing every {@code checkpointInterval}. */
    Map<String, String> options(String checkpointInterval) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap-servers", bootstrap);
        m.put("kafka.topic.payments", payments);
        m.put("kafka.topic.callbacks", callbacks);
        m.put("kafka.topic.results", results);
        m.put("kafka.topic.dead-letters", deadLetters);
        m.put("kafka.topic.fraud-scores", fraud);
        m.put("kafka.group-id", "it-" + payments);
        m.put("kafka.transactional-id-prefix", "it-" + results);
        m.put("kafka.starting-offsets", "earliest");
        m.put("checkpoint.interval", checkpointInterval);
        m.put("checkpoint.min-pause", "PT0.1S");
        return m;
    }

    static ReconJobConfig config(Map<String, String> options) {
        return ReconJobConfig.of(options);
    }

    /** The same options as {@code --key value} program arguments (a cluster submission). */
    static List<String> programArgs(Map<String, String> options) {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        return args;
    }
}
