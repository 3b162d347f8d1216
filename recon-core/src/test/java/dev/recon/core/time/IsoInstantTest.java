package dev.recon.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The digit-by-digit reader gives exactly what {@code OffsetDateTime.parse} gives, and defers or fails like it. */
class IsoInstantTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void sameInstantAsTheFormatterForRandomTimes(long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 5_000; n++) {
            String text = randomTime(random);
            // when
            Instant fast = IsoInstant.parse(text);
            // then
            assertThat(fast).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-05T10:15:00Z", "2026-01-05T10:15:00.5Z", "2026-01-05T10:15:00.123456789+01:00",
        "2024-02-29T23:59:59-05:30", "2026-01-05T00:00:00+18:00", "2026-01-05T00:00:00-00:00"})
    void commonShapesTakeTheFastPath(String text) {
        assertThat(IsoInstant.fast(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-05T10:15Z", "2026-01-05T10:15:00+01:00:30", "2026-01-05T10:15:00z", "2026-01-05T10:15:00.Z"})
    void otherValidShapesGoToTheFormatter(String text) {
        assertThat(IsoInstant.fast(text)).isNull();
        assertThat(IsoInstant.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:15:00Z", "2026-01-05T24:00:00Z", "2026-01-05T10:15:00", "2026-01-05 10:15:00Z",
        "2026-01-05T10:15:00.1234567891Z", "2026-13-05T10:15:00Z", "2026-01-05T10:15:60Z",
        "2026-01-05T10:15:00+19:00", "yesterday"})
    void invalidTimesFailLikeTheFormatter(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstant.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    private static String randomTime(Random r) {
        int year = 1971 + r.nextInt(100);
        int month = 1 + r.nextInt(12);
        int day = 1 + r.nextInt(java.time.YearMonth.of(year, month).lengthOfMonth());
        StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                r.nextInt(24), r.nextInt(60), r.nextInt(60)));
        if (r.nextBoolean()) {
            int digits = 1 + r.nextInt(9);
            b.append('.');
            for (int i = 0; i < digits; i++) {
                b.append((char) ('0' + r.nextInt(10)));
            }
        }
        if (r.nextInt(3) == 0) {
            b.append('Z');
        } else {
            int minutes = r.nextInt(18 * 60 + 1);
            b.append(r.nextBoolean() ? '+' : '-').append(String.format("%02d:%02d", minutes / 60, minutes % 60));
        }
        return b.toString();
    }
}
