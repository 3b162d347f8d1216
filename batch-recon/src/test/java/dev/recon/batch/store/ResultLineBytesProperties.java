package dev.recon.batch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recon.core.money.Money;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultLineBytes;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.testing.RandomResults;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Currency;
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
                ReconResult r = RandomResults.next(rnd, false);
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
        for (Currency c : RandomResults.CURRENCIES) {
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
}
