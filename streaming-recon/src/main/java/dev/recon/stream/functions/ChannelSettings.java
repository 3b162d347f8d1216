package dev.recon.stream.functions;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The matching configuration as one operator subtask uses it: every channel it has seen is
 * spelled out in the {@link ReconConfig}, and each channel's callback timeout is kept as
 * milliseconds.
 *
 * <p>Why: {@link ReconConfig#channel} builds a new {@link ChannelConfig} from the defaults each
 * time it is asked for a channel that recon.yaml does not name (the usual case), and both the
 * engine (several times per decision) and the stages' deadline arithmetic ask for every leg. At a
 * million events that was about 4% of the job's CPU. A channel's entry holds exactly what
 * {@code channel(name)} returns, so decisions are unchanged. Not thread-safe: one per subtask.
 */
final class ChannelSettings {

    private ReconConfig config;
    private final Map<String, Long> timeoutMillis = new HashMap<>();

    ChannelSettings(ReconConfig config) {
        this.config = config;
    }

    /** The configuration to hand to the engine; call {@link #deadline} for every leg first. */
    ReconConfig config() {
        return config;
    }

    /** When the channel's callback timeout passes for a leg created at {@code eventTime}, epoch millis. */
    long deadline(String channel, Instant eventTime) {
        Long timeout = timeoutMillis.get(channel);
        if (timeout == null) {
            timeout = learn(channel);
        }
        if (timeout < 0) {
            return config.channel(channel).calendar().callbackDeadline(eventTime).toEpochMilli();
        }
        return eventTime.toEpochMilli() + timeout;
    }

    /** The channel's timeout in whole milliseconds, or -1 when it has a sub-millisecond part. */
    private long learn(String channel) {
        ChannelConfig c = config.channel(channel);
        if (channel != null && !config.channels().containsKey(channel)) {
            Map<String, ChannelConfig> channels = new HashMap<>(config.channels());
            channels.put(channel, c);
            config = new ReconConfig(config.version(), config.defaults(), channels);
        }
        // callbackDeadline(t) is t plus the timeout; with a whole number of milliseconds, adding them to
        // t's epoch millis gives the same value as Instant.plus then toEpochMilli (which floors).
        java.time.Duration d = c.calendar().callbackTimeout();
        long timeout = d.getNano() % 1_000_000 == 0 ? d.toMillis() : -1L;
        timeoutMillis.put(channel, timeout);
        return timeout;
    }
}
