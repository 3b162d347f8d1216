package dev.recon.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettlementCalendarTest {

    static SettlementCalendar cal(String zone, String cutoff, int lag, Set<LocalDate> holidays) {
        return new SettlementCalendar(ZoneId.of(zone), LocalTime.parse(cutoff), lag, holidays,
                Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Duration.ofMinutes(15));
    }

    @Test
    void localTimeZoneDecidesTheDay() {
        // 23:30Z on Wed 18 Nov is already Thu 19 Nov in Amsterdam.
        SettlementCalendar c = cal("Europe/Amsterdam", "00:00", 0, Set.of());
        assertThat(c.processingDate(Instant.parse("2026-11-18T23:30:00Z"))).isEqualTo(LocalDate.parse("2026-11-19"));
        assertThat(cal("UTC", "00:00", 0, Set.of()).processingDate(Instant.parse("2026-11-18T23:30:00Z")))
                .isEqualTo(LocalDate.parse("2026-11-18"));
    }

    @Test
    void afterTheCutoffBelongsToTheNextBusinessDay() {
        SettlementCalendar c = cal("UTC", "18:00", 0, Set.of());
        assertThat(c.processingDate(Instant.parse("2026-11-18T17:59:59Z"))).isEqualTo(LocalDate.parse("2026-11-18"));
        assertThat(c.processingDate(Instant.parse("2026-11-18T18:00:00Z"))).isEqualTo(LocalDate.parse("2026-11-19"));
        // Friday after cut-off -> Monday.
        assertThat(c.processingDate(Instant.parse("2026-11-20T19:00:00Z"))).isEqualTo(LocalDate.parse("2026-11-23"));
    }

    @Test
    void lagCountsBusinessDaysSkippingWeekendsAndHolidays() {
        SettlementCalendar c = cal("UTC", "00:00", 2, Set.of(LocalDate.parse("2026-12-25")));
        // Thu 24 Dec + 2 business days, skipping Fri 25 (holiday), Sat, Sun -> Tue 29 Dec.
        assertThat(c.expectedSettlementDate(Instant.parse("2026-12-24T10:00:00Z"))).isEqualTo(LocalDate.parse("2026-12-29"));
        // Wed 18 Nov + 2 -> Fri 20 Nov.
        assertThat(c.expectedSettlementDate(Instant.parse("2026-11-18T10:00:00Z"))).isEqualTo(LocalDate.parse("2026-11-20"));
    }

    @Test
    void dueOnTheExpectedDateNotBefore() {
        SettlementCalendar c = cal("UTC", "00:00", 2, Set.of());
        Instant created = Instant.parse("2026-11-18T23:59:00Z");
        assertThat(c.isSettlementDue(created, LocalDate.parse("2026-11-19"))).isFalse();
        assertThat(c.isSettlementDue(created, LocalDate.parse("2026-11-20"))).isTrue();
        assertThat(c.ageDays(created, LocalDate.parse("2026-11-23"))).isEqualTo(3);
        assertThat(c.ageDays(created, LocalDate.parse("2026-11-19"))).isZero();
    }

    @Test
    void callbackDeadlineIsCreationPlusTimeout() {
        SettlementCalendar c = cal("UTC", "00:00", 0, Set.of());
        assertThat(c.callbackDeadline(Instant.parse("2026-11-18T10:00:00Z"))).isEqualTo(Instant.parse("2026-11-18T10:15:00Z"));
    }
}
