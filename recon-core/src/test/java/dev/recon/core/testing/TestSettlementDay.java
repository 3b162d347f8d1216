package dev.recon.core.testing;

import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.SettlementCalendar;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * The settlement day the engine's property tests generate their traffic for (recon-core's columnar
 * path, batch-recon's exact pairs), so both compare against the same channel rules: an Adyen-like
 * channel in Amsterdam with an 18:00 cut-off, one day of settlement lag, weekends off, and a
 * tolerance of 0.02 absolute or 3 per mille.
 */
public final class TestSettlementDay {

    public static final LocalDate DAY = LocalDate.parse("2026-11-20");
    public static final Instant NOON = Instant.parse("2026-11-20T12:00:00Z");
    public static final SettlementCalendar CALENDAR = new SettlementCalendar(ZoneId.of("Europe/Amsterdam"),
            LocalTime.of(18, 0), 1, Set.of(), Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Duration.ofMinutes(15));
    /** The channel, comparing gross amounts (the default). */
    public static final ChannelConfig ADYEN = ChannelConfig.defaults("adyen")
            .withTolerance(new AmountTolerance(new BigDecimal("0.02"), new BigDecimal("3"))).withCalendar(CALENDAR);

    private TestSettlementDay() {
    }
}
