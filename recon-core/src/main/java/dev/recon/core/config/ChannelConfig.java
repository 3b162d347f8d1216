package dev.recon.core.config;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the engine needs to know about one channel: the keys to match on and their order,
 * amount tolerances (default and per currency), what the ledger amount is compared with, the FX
 * tolerance, the fee schedule (empty = fees not checked), the date window for fallback keys and
 * the settlement calendar. Immutable; build it with {@link ReconConfigLoader} or directly.
 */
public record ChannelConfig(
        String name,
        List<MatchKey> matchKeys,
        AmountTolerance tolerance,
        Map<String, AmountTolerance> perCurrencyTolerance,
        AmountComparison comparison,
        BigDecimal fxToleranceBps,
        List<FeeRule> feeSchedule,
        int dateWindowDays,
        SettlementCalendar calendar) {

    public static final List<MatchKey> DEFAULT_KEYS = List.of(MatchKey.CHANNEL_REF, MatchKey.MODIFICATION_REF,
            MatchKey.MERCHANT_REF);

    public ChannelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(fxToleranceBps, "fxToleranceBps");
        Objects.requireNonNull(calendar, "calendar");
        matchKeys = List.copyOf(matchKeys);
        if (matchKeys.isEmpty()) {
            throw new ConfigException("channel " + name + ": match_keys must not be empty");
        }
        if (matchKeys.stream().distinct().count() != matchKeys.size()) {
            throw new ConfigException("channel " + name + ": match_keys lists a key twice: " + matchKeys);
        }
        perCurrencyTolerance = Map.copyOf(perCurrencyTolerance);
        feeSchedule = List.copyOf(feeSchedule);
        if (dateWindowDays < 0) {
            throw new ConfigException("channel " + name + ": date_window_days must not be negative");
        }
        if (fxToleranceBps.signum() < 0) {
            throw new ConfigException("channel " + name + ": fx_tolerance_bps must not be negative");
        }
    }

    /** Defaults: keys channel_ref, modification_ref, merchant_ref; exact amounts; gross; UTC, T+0, no fee checks. */
    public static ChannelConfig defaults(String name) {
        return new ChannelConfig(name, DEFAULT_KEYS, AmountTolerance.EXACT, Map.of(), AmountComparison.GROSS,
                BigDecimal.ZERO, List.of(), 10, SettlementCalendar.UTC_SAME_DAY);
    }

    public ChannelConfig withTolerance(AmountTolerance t) {
        return new ChannelConfig(name, matchKeys, t, perCurrencyTolerance, comparison, fxToleranceBps, feeSchedule,
                dateWindowDays, calendar);
    }

    public ChannelConfig withCalendar(SettlementCalendar c) {
        return new ChannelConfig(name, matchKeys, tolerance, perCurrencyTolerance, comparison, fxToleranceBps,
                feeSchedule, dateWindowDays, c);
    }

    public ChannelConfig withFeeSchedule(List<FeeRule> rules) {
        return new ChannelConfig(name, matchKeys, tolerance, perCurrencyTolerance, comparison, fxToleranceBps, rules,
                dateWindowDays, calendar);
    }

    public ChannelConfig withMatchKeys(List<MatchKey> keys) {
        return new ChannelConfig(name, keys, tolerance, perCurrencyTolerance, comparison, fxToleranceBps, feeSchedule,
                dateWindowDays, calendar);
    }

    public ChannelConfig withComparison(AmountComparison c) {
        return new ChannelConfig(name, matchKeys, tolerance, perCurrencyTolerance, c, fxToleranceBps, feeSchedule,
                dateWindowDays, calendar);
    }

    public ChannelConfig withFxToleranceBps(BigDecimal bps) {
        return new ChannelConfig(name, matchKeys, tolerance, perCurrencyTolerance, comparison, bps, feeSchedule,
                dateWindowDays, calendar);
    }

    public ChannelConfig withPerCurrencyTolerance(Map<String, AmountTolerance> perCurrency) {
        return new ChannelConfig(name, matchKeys, tolerance, perCurrency, comparison, fxToleranceBps, feeSchedule,
                dateWindowDays, calendar);
    }

    /** The tolerance that applies to a currency: its own entry if configured, else the channel's. */
    public AmountTolerance toleranceFor(Currency currency) {
        AmountTolerance own = perCurrencyTolerance.get(currency.getCurrencyCode());
        return own != null ? own : tolerance;
    }

    /** Resolved (minor-unit) tolerance for a currency. */
    public AmountTolerance.Resolved resolvedTolerance(Currency currency) {
        return toleranceFor(currency).resolve(currency);
    }

    /** The fee rule for a line, if the schedule has one. */
    public Optional<FeeRule> feeRuleFor(RecordCategory category, Currency settlementCurrency) {
        for (FeeRule r : feeSchedule) {
            if (r.appliesTo(category, settlementCurrency)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The FX tolerance for a settlement amount: rate differences in bps, at least one minor unit for rounding. */
    public long fxAllowedMinor(Money settlementAmount) {
        long relative = fxToleranceBps.multiply(BigDecimal.valueOf(Math.abs(settlementAmount.minorUnits())))
                .divide(BigDecimal.valueOf(10_000), 0, java.math.RoundingMode.DOWN).longValueExact();
        return Math.max(1L, relative);
    }
}
