package dev.recon.core.config;

import java.util.Map;
import java.util.Objects;

/**
 * The whole matching configuration: a version (written to every result's {@code config_version},
 * so a decision can be traced to the rules that made it), defaults and per-channel settings. A
 * channel that is not configured gets the defaults under its own name.
 */
public record ReconConfig(String version, ChannelConfig defaults, Map<String, ChannelConfig> channels) {

    public ReconConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(defaults, "defaults");
        if (version.isBlank()) {
            throw new ConfigException("version must not be empty: it is written to every result");
        }
        channels = Map.copyOf(channels);
    }

    /** Built-in defaults (exact amounts, UTC, T+0), version "default". */
    public static ReconConfig builtIn() {
        return new ReconConfig("default", ChannelConfig.defaults("*"), Map.of());
    }

    public static ReconConfig of(String version, ChannelConfig... channelConfigs) {
        java.util.Map<String, ChannelConfig> m = new java.util.HashMap<>();
        for (ChannelConfig c : channelConfigs) {
            m.put(c.name(), c);
        }
        return new ReconConfig(version, ChannelConfig.defaults("*"), m);
    }

    public ChannelConfig channel(String name) {
        ChannelConfig c = channels.get(name);
        if (c != null) {
            return c;
        }
        ChannelConfig d = defaults;
        return new ChannelConfig(name == null ? "*" : name, d.matchKeys(), d.tolerance(), d.perCurrencyTolerance(),
                d.comparison(), d.fxToleranceBps(), d.feeSchedule(), d.dateWindowDays(), d.calendar());
    }

    /** A copy whose channel {@code name} has another absolute tolerance (the CLI's --amount-tolerance). */
    public ReconConfig withAbsoluteTolerance(String name, java.math.BigDecimal absoluteMajor) {
        java.util.Map<String, ChannelConfig> m = new java.util.HashMap<>(channels);
        ChannelConfig c = channel(name);
        m.put(name, c.withTolerance(new AmountTolerance(absoluteMajor, c.tolerance().relativeBps())));
        return new ReconConfig(version, defaults, m);
    }
}
