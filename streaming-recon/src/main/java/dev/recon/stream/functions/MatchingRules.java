package dev.recon.stream.functions;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.config.ReconConfigLoader;
import dev.recon.core.config.SettlementCalendar;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The matching configuration as it travels with the job graph: the text of recon.yaml (read once
 * on the client, so task managers need no access to the file) plus per-channel callback timeout
 * overrides from the job options. Operators turn it into a {@link ReconConfig} in {@code open()},
 * which validates it again exactly as the batch does.
 */
public final class MatchingRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String yaml;
    private final String origin;
    private final LinkedHashMap<String, Duration> callbackTimeouts;

    private MatchingRules(String yaml, String origin, Map<String, Duration> callbackTimeouts) {
        this.yaml = yaml;
        this.origin = origin;
        this.callbackTimeouts = new LinkedHashMap<>(callbackTimeouts);
    }

    /** The built-in defaults (exact amounts, UTC, 15 minute callback timeout) with the given overrides. */
    public static MatchingRules builtIn(Map<String, Duration> callbackTimeouts) {
        return new MatchingRules(null, "built-in", callbackTimeouts);
    }

    /** Reads recon.yaml now; the file's problems are reported at submission, not on the cluster. */
    public static MatchingRules fromFile(Path file, Map<String, Duration> callbackTimeouts) {
        try {
            MatchingRules rules = new MatchingRules(Files.readString(file, StandardCharsets.UTF_8), file.toString(),
                    callbackTimeouts);
            rules.load();
            return rules;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public ReconConfig load() {
        ReconConfig base = yaml == null ? ReconConfig.builtIn() : ReconConfigLoader.parse(yaml, origin);
        if (callbackTimeouts.isEmpty()) {
            return base;
        }
        Map<String, ChannelConfig> channels = new HashMap<>(base.channels());
        for (Map.Entry<String, Duration> t : callbackTimeouts.entrySet()) {
            ChannelConfig c = base.channel(t.getKey());
            SettlementCalendar cal = c.calendar();
            channels.put(t.getKey(), c.withCalendar(new SettlementCalendar(cal.zone(), cal.cutoff(),
                    cal.lagBusinessDays(), cal.holidays(), cal.weekend(), t.getValue())));
        }
        return new ReconConfig(base.version(), base.defaults(), channels);
    }
}
