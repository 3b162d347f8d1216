package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The results part-file line ({@link CsvPartEncoders.Results}: recon_id, version, status and the
 * row from recon-core's {@code ResultLineBytes}) is byte for byte the line of the encoder before
 * it (the same fields through {@link DataOutputStream}, the row from {@code csvValues} through
 * {@link CsvPartEncoders.RowFormatter}), on random results: text cells built from separators,
 * quotes, CR/LF, formula starts, signed numbers, non-ASCII and a character outside the BMP, amounts
 * of every exponent, sign and size, negative versions and ages, dates outside 1000-9999, and
 * recon_ids that are UUIDs, formula-like or start with '#'. The merge reads these lines back
 * ({@link CsvPartEncoders.ResultPart#decode}), so the decoded fields are checked too.
 */
class ResultRowBytesProperties {

    private static final List<Currency> CURRENCIES = List.of(Currency.getInstance("EUR"), Currency.getInstance("JPY"),
            Currency.getInstance("BHD"), Currency.getInstance("USD"), Currency.getInstance("CLF"));
    private static final String[] PIECES = {"a", "Z", "0", "9", ".", ",", "\"", "\n", "\r", "\t", "=", "+", "-", "@",
        " ", "'", "é", "Ł", "€", "\uD83D\uDE00", "pay-12", "-12.50", "+3", "--1", "1-2", "#", ";", "\\"};

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameLineAsTheEncoderBefore(long seed) throws Exception {
        Random rnd = new Random(seed);
        CsvPartEncoders.Results encoder = new CsvPartEncoders.Results();
        CsvPartEncoders.RowFormatter formatter = new CsvPartEncoders.RowFormatter();
        for (int i = 0; i < 1_000; i++) {
            ReconResult r = randomResult(rnd);
            byte[] line = encoder.encode(r);
            assertThat(line).as("seed %d row %d: %s", seed, i, r).isEqualTo(before(formatter, r));
            CsvPartEncoders.ResultPart part = CsvPartEncoders.ResultPart.decode(line);
            assertThat(part.reconId()).isEqualTo(r.reconId());
            assertThat(part.version()).isEqualTo(r.version());
            assertThat(part.status()).isEqualTo(r.status());
        }
    }

    /** The encoder before this one, as it was written. */
    private static byte[] before(CsvPartEncoders.RowFormatter formatter, ReconResult r) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] id = r.reconId().getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
            out.writeLong(r.version());
            out.writeUTF(r.status().name());
            byte[] row = formatter.row(r.csvValues());
            out.writeInt(row.length);
            out.write(row);
        }
        return bytes.toByteArray();
    }

    private static ReconResult randomResult(Random rnd) {
        boolean isBreak = rnd.nextBoolean();
        ResultStatus status = isBreak ? ResultStatus.BREAK : rnd.nextBoolean() ? ResultStatus.MATCHED
                : ResultStatus.PENDING;
        BreakType type = isBreak ? BreakType.values()[rnd.nextInt(BreakType.values().length)] : null;
        String id = switch (rnd.nextInt(8)) {
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
