package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Staged dates are written digit by digit: the text must be {@code LocalDate.toString}'s, for every day and year shape. */
class StagedDateTextTest {

    @Test
    void everyDayFrom1900To2200AndOtherYearShapes() {
        for (LocalDate d = LocalDate.of(1900, 1, 1); d.isBefore(LocalDate.of(2200, 1, 1)); d = d.plusDays(1)) {
            check(d);
        }
        for (int year : new int[] {-10_000, -1, 0, 1, 999, 1_000, 9_999, 10_000, 123_456}) {
            check(LocalDate.of(year, 2, 28));
            check(LocalDate.of(year, 12, 31));
        }
    }

    private static void check(LocalDate d) {
        StringBuilder b = new StringBuilder("x");
        StagedFields.appendDate(b, d);
        assertThat(b.substring(1)).isEqualTo(d.toString());
        if (d.getYear() >= 1000 && d.getYear() <= 9999) {
            assertThat(StagedFields.date(b.substring(1))).isEqualTo(d);
        }
    }
}
