package dev.recon.core.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * "Is it due yet": one channel's time zone, daily cut-off, settlement lag in business days and
 * holiday calendar. Both runtimes ask this class, so a payment is PENDING or overdue on the same
 * day in the stream and in the batch.
 *
 * <p>Rules: an entry belongs to the processing day of its local time in the channel's zone; at or
 * after the cut-off it belongs to the next day (a cut-off of 00:00 means the day ends at
 * midnight); a processing day on a weekend or holiday moves to the next business day. The
 * expected settlement date is the processing day plus {@code lagBusinessDays} business days. An
 * entry is due on a business date D when its expected settlement date is on or before D.
 * Items age from the expected settlement date.
 */
public record SettlementCalendar(
        ZoneId zone,
        LocalTime cutoff,
        int lagBusinessDays,
        Set<LocalDate> holidays,
        Set<DayOfWeek> weekend,
        Duration callbackTimeout) {

    public static final SettlementCalendar UTC_SAME_DAY = new SettlementCalendar(ZoneId.of("UTC"), LocalTime.MIDNIGHT,
            0, Set.of(), EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Duration.ofMinutes(15));

    public SettlementCalendar {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(callbackTimeout, "callbackTimeout");
        holidays = Set.copyOf(holidays);
        weekend = weekend.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekend));
        if (lagBusinessDays < 0) {
            throw new ConfigException("settlement_lag_days must not be negative, was " + lagBusinessDays);
        }
        if (weekend.size() == 7) {
            throw new ConfigException("weekend cannot contain all seven days");
        }
        if (callbackTimeout.isNegative() || callbackTimeout.isZero()) {
            throw new ConfigException("callback_timeout must be positive, was " + callbackTimeout);
        }
    }

    public boolean isBusinessDay(LocalDate date) {
        return !weekend.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    public LocalDate nextBusinessDayOnOrAfter(LocalDate date) {
        LocalDate d = date;
        while (!isBusinessDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** The channel-local calendar date of an instant, before cut-off and business-day rules. */
    public LocalDate localDate(Instant time) {
        return time.atZone(zone).toLocalDate();
    }

    /** The business day an entry created at {@code time} is processed on by the channel. */
    public LocalDate processingDate(Instant time) {
        ZonedDateTime local = time.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (!cutoff.equals(LocalTime.MIDNIGHT) && !local.toLocalTime().isBefore(cutoff)) {
            day = day.plusDays(1);
        }
        return nextBusinessDayOnOrAfter(day);
    }

    public LocalDate addBusinessDays(LocalDate businessDay, int days) {
        LocalDate d = nextBusinessDayOnOrAfter(businessDay);
        for (int i = 0; i < days; i++) {
            d = nextBusinessDayOnOrAfter(d.plusDays(1));
        }
        return d;
    }

    public LocalDate expectedSettlementDate(Instant created) {
        return addBusinessDays(processingDate(created), lagBusinessDays);
    }

    /** Batch view: is a settlement line for an entry created at {@code created} due in the file of {@code businessDate}? */
    public boolean isSettlementDue(Instant created, LocalDate businessDate) {
        return !expectedSettlementDate(created).isAfter(businessDate);
    }

    /** Stream view: the event time after which a missing callback is a break. */
    public Instant callbackDeadline(Instant created) {
        return created.plus(callbackTimeout);
    }

    /** Whole days from the expected settlement date to {@code asOf}, never negative. */
    public int ageDays(Instant created, LocalDate asOf) {
        long days = asOf.toEpochDay() - expectedSettlementDate(created).toEpochDay();
        return (int) Math.max(0, days);
    }
}
