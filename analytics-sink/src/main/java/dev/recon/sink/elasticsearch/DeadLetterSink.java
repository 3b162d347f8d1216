package dev.recon.sink.elasticsearch;

/**
 * Where rejected documents go (a dead-letter Kafka topic in the streaming job, the run's
 * quarantine in the batch job). Called from the writer's delivery thread, so implementations
 * must be thread-safe; a failure thrown here fails the writer, because a rejected document must
 * never vanish.
 */
@FunctionalInterface
public interface DeadLetterSink {
    void accept(RejectedDocument rejected) throws Exception;
}
