package dev.recon.batch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultLineBytes;
import dev.recon.core.result.ResultStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link ResultLineBytes} against the reference line ({@link OperationalStore#resultLine}: cells
 * through {@code SpreadsheetText} and FastCSV) on random results whose text cells are built from
 * the characters that matter (separator, quotes, CR/LF, formula starts, signed numbers, non-ASCII,
 * a character outside the BMP) and whose amounts cover every exponent, sign and size.
 */
class ResultLineBytesProperties {

    private static final List<Currency> CURRENCIES = List.of(Currency.getInstance("EUR"), Currency.getInstance("JPY"),
            Currency.getInstance("BHD"), Currency.getInstance("USD"), Currency.getInstance("CLF"));
    private static final String[] PIECES = {"a", "Z", "0", "9", ".", ",", "\"", "\n", "\r", "\t", "=", "+", "-", "@", " ",
        "'", "é", "Ł", "€", "😀", "pay-12", "-12.50", "+3", "-", "--1", "1-2", "#", ";", "\\"};

    @Test
    void sameBytesAsTheReferenceLineOnRandomResults() {
        CsvLine.Encoder reference = new CsvLine.Encoder();
        ResultLineBytes bytes = new ResultLineBytes(16);
        for (long seed = 1; seed <= 400; seed++) {
            Random rnd = new Random(seed);
            bytes.reset();
            StringBuilder expected = new StringBuilder();
            int rows = 1 + rnd.nextInt(20);
            for (int k = 0; k < rows; k++) {
                ReconResult r = randomResult(rnd);
                expected.append(OperationalStore.resultLine(reference, r)).append('\n');
                bytes.append(r);
            }
            assertEquals(expected.toString(), new String(bytes.bytes(), 0, bytes.length(), StandardCharsets.UTF_8),
                    "seed " + seed);
        }
    }

    @Test
    void amountsOfEveryExponentAndSize() {
        CsvLine.Encoder reference = new CsvLine.Encoder();
        ResultLineBytes bytes = new ResultLineBytes(16);
        long[] edges = {0, 1, -1, 9, 10, 99, 100, 101, -100, 999, 1000, 1001, 123456789, Long.MAX_VALUE,
            Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (Currency c : CURRENCIES) {
            for (long minor : edges) {
                Money m = new Money(minor, c);
                ReconResult r = base(UUID.randomUUID().toString(), m, m, m);
                bytes.reset();
                bytes.append(r);
                assertEquals(OperationalStore.resultLine(reference, r) + "\n",
                        new String(bytes.bytes(), 0, bytes.length(), StandardCharsets.UTF_8), c + " " + minor);
            }
        }
    }

    private static ReconResult base(String id, Money a, Money b, Money d) {
        return new ReconResult(id, 20260105001L, ReconMode.BATCH, "adyen", LocalDate.of(2026, 1, 5),
                ResultStatus.MATCHED, null, "PAYMENT", "m-1", "p", "t", "r", "SUCCEEDED", "Settled", a, b, "EUR", d, a, b,
                d, null, "1128", null, 0, "match:channel_ref", "detail", "src", "default", null, LocalDate.of(2026, 1, 6),
                1, true);
    }

    private static ReconResult randomResult(Random rnd) {
        boolean isBreak = rnd.nextBoolean();
        ResultStatus status = isBreak ? ResultStatus.BREAK : rnd.nextBoolean() ? ResultStatus.MATCHED : ResultStatus.PENDING;
        BreakType type = isBreak ? BreakType.values()[rnd.nextInt(BreakType.values().length)] : null;
        return new ReconResult(UUID.nameUUIDFromBytes(Long.toString(rnd.nextLong()).getBytes(StandardCharsets.UTF_8))
                .toString(), rnd.nextInt(3) == 0 ? -rnd.nextInt(1000) : rnd.nextLong() >>> rnd.nextInt(64),
                ReconMode.values()[rnd.nextInt(ReconMode.values().length)], text(rnd),
                rnd.nextInt(5) == 0 ? null : LocalDate.ofEpochDay(rnd.nextInt(3_000_000) - 1_000_000), status, type,
                text(rnd), text(rnd), text(rnd), text(rnd), text(rnd), text(rnd), text(rnd), money(rnd), money(rnd),
                text(rnd), money(rnd), money(rnd), money(rnd), money(rnd),
                rnd.nextInt(3) == 0 ? null : new BigDecimal(rnd.nextInt(2_000_000) - 1_000_000).movePointLeft(rnd.nextInt(8)),
                text(rnd), text(rnd), rnd.nextInt(4) == 0 ? -rnd.nextInt(50) : rnd.nextInt(400), text(rnd), text(rnd),
                text(rnd), text(rnd), text(rnd),
                rnd.nextInt(3) == 0 ? null : LocalDate.ofEpochDay(rnd.nextInt(40_000)), rnd.nextInt(3), rnd.nextBoolean());
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
        long minor = switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(200) - 100;
            case 1 -> rnd.nextLong();
            default -> (long) rnd.nextInt() * (rnd.nextBoolean() ? 1 : -1);
        };
        return new Money(minor, CURRENCIES.get(rnd.nextInt(CURRENCIES.size())));
    }
}
