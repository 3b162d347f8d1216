package dev.recon.core.testing;

import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random {@link ReconResult}s for the property tests of result encoders (batch-recon's results.csv
 * line, streaming-recon's results part file), shared through recon-core's test-jar: text cells built
 * from the characters that matter to CSV and spreadsheets (separator, quotes, CR/LF, formula starts,
 * signed numbers, non-ASCII, a character outside the BMP), amounts of every exponent, sign and size
 * (including {@code Long.MIN_VALUE} / {@code MAX_VALUE} minor units), negative versions and ages,
 * dates outside 1000-9999, and recon_ids that are UUIDs, formula-like or start with '#' (or only UUIDs).
 */
public final class RandomResults {

    /** Currencies with 0, 2, 3 and 4 minor digits. */
    public static final List<Currency> CURRENCIES = List.of(Currency.getInstance("EUR"), Currency.getInstance("JPY"),
            Currency.getInstance("BHD"), Currency.getInstance("USD"), Currency.getInstance("CLF"));

    private static final String[] PIECES = {"a", "Z", "0", "9", ".", ",", "\"", "\n", "\r", "\t", "=", "+", "-", "@",
        " ", "'", "é", "Ł", "€", "\uD83D\uDE00", "pay-12", "-12.50", "+3", "--1", "1-2", "#", ";", "\\"};

    private RandomResults() {
    }

    /** One random result drawn from {@code rnd}, its recon_id sometimes formula-like or starting with '#'. */
    public static ReconResult next(Random rnd) {
        return next(rnd, true);
    }

    /**
     * As {@link #next(Random)}; with {@code oddIds} false every recon_id is a UUID, as the engine makes
     * them. (batch-recon's reference line, FastCSV, quotes a line's first cell when it starts with '#',
     * its comment character; recon-core's ResultLineBytes does not. Real recon_ids never start so.)
     */
    public static ReconResult next(Random rnd, boolean oddIds) {
        boolean isBreak = rnd.nextBoolean();
        ResultStatus status = isBreak ? ResultStatus.BREAK : rnd.nextBoolean() ? ResultStatus.MATCHED
                : ResultStatus.PENDING;
        BreakType type = isBreak ? BreakType.values()[rnd.nextInt(BreakType.values().length)] : null;
        String id = switch (oddIds ? rnd.nextInt(8) : 2) {
            case 0 -> "#" + text(rnd);
            case 1 -> "=" + UUID.randomUUID();
            default -> UUID.nameUUIDFromBytes(Long.toString(rnd.nextLong()).getBytes(StandardCharsets.UTF_8)).toString();
        };
        return new ReconResult(id, rnd.nextInt(3) == 0 ? -rnd.nextInt(1000) : rnd.nextLong() >>> rnd.nextInt(64),
                ReconMode.values()[rnd.nextInt(ReconMode.values().length)], text(rnd),
                rnd.nextInt(5) == 0 ? null : LocalDate.ofEpochDay(rnd.nextInt(3_000_000) - 1_000_000), status, type,
                text(rnd), text(rnd), text(rnd), text(rnd), text(rnd), text(rnd), text(rnd), money(rnd), money(rnd),
                text(rnd), money(rnd), money(rnd), money(rnd), money(rnd),
                rnd.nextInt(3) == 0 ? null
                        : new BigDecimal(rnd.nextInt(2_000_000) - 1_000_000).movePointLeft(rnd.nextInt(8)),
                text(rnd), text(rnd), rnd.nextInt(4) == 0 ? -rnd.nextInt(50) : rnd.nextInt(400), text(rnd), text(rnd),
                text(rnd), text(rnd), text(rnd),
                rnd.nextInt(3) == 0 ? null : LocalDate.ofEpochDay(rnd.nextInt(40_000)), rnd.nextInt(3),
                rnd.nextBoolean());
    }

    private static String text(Random rnd) {
        int kind = rnd.nextInt(6);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int n = 1 + rnd.nextInt(kind == 2 ? 2 : 8);
        for (int k = 0; k < n; k++) {
            b.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    private static Money money(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            return null;
        }
        long minor = switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextInt(200) - 100;
            case 1 -> rnd.nextLong();
            case 2 -> rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            default -> (long) rnd.nextInt() * (rnd.nextBoolean() ? 1 : -1);
        };
        return new Money(minor, CURRENCIES.get(rnd.nextInt(CURRENCIES.size())));
    }
}
