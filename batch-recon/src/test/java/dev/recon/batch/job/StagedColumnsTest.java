package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.AmountComparison;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged columns ({@link StagedColumns}) give the match step's pair choice exactly the values
 * it reads from the staged text: on 20,000 random entries and settlement lines (escaped cells, nulls,
 * blank parents, empty references, other channels, gross or fees in another currency, exchange
 * rates, every type, status and category, times with and without fractions), the hash columns,
 * candidates, amounts, currencies and booking days computed from the columns equal those from the text
 * alone, for both amount comparisons; only rows with escaped cells are read from their text.
 */
class StagedColumnsTest {

    @TempDir
    Path tmp;

    private static final String[] TEXTS = {"p1", "abc", "", " ", "\\N", "ünï", "PSP0001", "PSP0002", "m-1", "𝄞"};
    /** Cells the staged text escapes: rare, as in real files (a row with one is read from its text). */
    private static final String[] ESCAPED = {"a\tb", "back\\slash", "line\nfeed", "x\ry"};
    private static final String[] CHANNELS = {"adyen", "adyen", "adyen", "stripe", "", "ad\tyen"};
    private static final String[] CURRENCIES = {"EUR", "EUR", "JPY", "BHD", "USD"};

    private static String text(Random r, boolean nullable) {
        if (nullable && r.nextInt(4) == 0) {
            return null;
        }
        String s = r.nextInt(40) == 0 ? ESCAPED[r.nextInt(ESCAPED.length)] : TEXTS[r.nextInt(TEXTS.length)];
        return r.nextInt(3) == 0 ? s + r.nextInt(50) : s;
    }

    private static Instant time(Random r) {
        Instant t = Instant.parse("2026-01-05T12:00:00Z").plusSeconds(r.nextInt(400_000) - 200_000);
        return switch (r.nextInt(4)) {
            case 0 -> t.plusMillis(r.nextInt(1000));
            case 1 -> t.plusNanos(r.nextInt(1_000_000_000));
            default -> t;
        };
    }

    static LedgerEntry entry(Random r, int n) {
        TransactionType type = TransactionType.values()[r.nextInt(TransactionType.values().length)];
        TransactionStatus status = TransactionStatus.values()[r.nextInt(TransactionStatus.values().length)];
        String parent = switch (r.nextInt(4)) {
            case 0 -> text(r, false);
            case 1 -> "  ";
            default -> null;
        };
        return new LedgerEntry(text(r, true), r.nextBoolean() ? "pay" + r.nextInt(40) : text(r, false), parent,
                text(r, true), text(r, true), CHANNELS[r.nextInt(CHANNELS.length)],
                r.nextInt(5) == 0 ? text(r, true) : "PSP" + r.nextInt(1000), r.nextInt(4) == 0 ? text(r, true) : null,
                type, status, Money.ofMinor(1 + r.nextInt(2_000_000), CURRENCIES[r.nextInt(CURRENCIES.length)]),
                time(r), r.nextBoolean() ? null : time(r), SourceLocation.ofFile("ledger.csv", n));
    }

    static SettlementRecord record(Random r, int n) {
        RecordCategory category = RecordCategory.values()[r.nextInt(RecordCategory.values().length)];
        String net = CURRENCIES[r.nextInt(CURRENCIES.length)];
        String gross = r.nextInt(5) == 0 ? CURRENCIES[r.nextInt(CURRENCIES.length)] : net;
        List<Fee> fees = new ArrayList<>();
        for (int f = r.nextInt(3); f > 0; f--) {
            fees.add(new Fee(FeeKind.values()[r.nextInt(FeeKind.values().length)],
                    Money.ofMinor(r.nextInt(500), r.nextInt(6) == 0 ? CURRENCIES[r.nextInt(CURRENCIES.length)] : net)));
        }
        long amount = r.nextInt(2_000_000) - 100_000;
        return new SettlementRecord(r.nextInt(6) == 0 ? null : CHANNELS[r.nextInt(CHANNELS.length)],
                r.nextBoolean() ? "Settled" : "T" + text(r, false), category,
                r.nextInt(5) == 0 ? text(r, true) : "PSP" + r.nextInt(1000), r.nextInt(3) == 0 ? text(r, true) : null,
                r.nextInt(3) == 0 ? text(r, true) : "pay" + r.nextInt(40), text(r, true),
                r.nextInt(3) == 0 ? null : Money.ofMinor(amount + r.nextInt(3), gross), Money.ofMinor(amount, net), fees,
                r.nextInt(8) == 0 ? new BigDecimal("1.0825") : null,
                r.nextInt(5) == 0 ? null : LocalDate.of(2026, 1, 1 + r.nextInt(10)), r.nextBoolean() ? null : time(r),
                null, text(r, true), text(r, true), SourceLocation.ofFile("settlement.csv", n), null);
    }

    @Test
    void columnsGiveTheTextPathsValues() throws IOException {
        Random r = new Random(Long.getLong("recon.seed", 20261208L));
        int n = 20_000;
        List<String> ledgerText = new ArrayList<>();
        List<String> settlementText = new ArrayList<>();
        ByteBuffer ledger = ByteBuffer.allocate(n * StagedColumns.L_WIDTH).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer settlement = ByteBuffer.allocate(n * StagedColumns.S_WIDTH).order(ByteOrder.LITTLE_ENDIAN);
        int escapedLedger = 0;
        int escapedSettlement = 0;
        // One encoder over every row, as a staging writer uses it, must write what a fresh one writes per row.
        StagedColumns.Encoder writer = new StagedColumns.Encoder("adyen");
        ByteBuffer ledgerOnce = ByteBuffer.allocate(n * StagedColumns.L_WIDTH).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer settlementOnce = ByteBuffer.allocate(n * StagedColumns.S_WIDTH).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            LedgerEntry e = entry(r, i);
            StringBuilder b = new StringBuilder();
            StagedLedgerLine.append(b, e, true);
            ledgerText.add(b.substring(0, b.length() - 1));
            StagedColumns.ledger(ledger, e, "adyen");
            writer.ledger(ledgerOnce, e);
            escapedLedger += (ledger.get(i * StagedColumns.L_WIDTH + StagedColumns.L_FLAGS) & StagedColumns.TEXT);
            SettlementRecord s = record(r, i);
            b.setLength(0);
            StagedSettlementLine.append(b, s);
            settlementText.add(b.substring(0, b.length() - 1));
            StagedColumns.settlement(settlement, s, "adyen");
            writer.settlement(settlementOnce, s);
            escapedSettlement += (settlement.get(i * StagedColumns.S_WIDTH + StagedColumns.S_FLAGS) & StagedColumns.TEXT);
        }
        assertThat(ledgerOnce.array()).isEqualTo(ledger.array());
        assertThat(settlementOnce.array()).isEqualTo(settlement.array());
        // Most rows are read from their columns, not their text (else this test would compare the text with itself).
        assertThat(escapedLedger).isBetween(n / 20, n * 3 / 4);
        assertThat(escapedSettlement).isBetween(n / 20, n * 3 / 4);

        StagedLines ledgerLines = mapped(ledgerText, "ledger");
        StagedLines settlementLines = mapped(settlementText, "settlement");
        StagedLines ledgerWithColumns = ledgerLines.withColumns(columns(ledger, StagedColumns.L_WIDTH, n));
        StagedLines settlementWithColumns = settlementLines.withColumns(columns(settlement, StagedColumns.S_WIDTH, n));

        ExactPairs.LedgerColumns fromText = new ExactPairs.LedgerColumns(n);
        ExactPairs.LedgerColumns fromColumns = new ExactPairs.LedgerColumns(n);
        ExactPairs.ledgerColumns(ledgerLines, 0, n, 0, "adyen", fromText);
        ExactPairs.ledgerColumns(ledgerWithColumns, 0, n, 0, "adyen", fromColumns);
        assertThat(fromColumns.txn).isEqualTo(fromText.txn);
        assertThat(fromColumns.payment).isEqualTo(fromText.payment);
        assertThat(fromColumns.root).isEqualTo(fromText.root);
        assertThat(fromColumns.ref).isEqualTo(fromText.ref);
        assertThat(fromColumns.parentRef).isEqualTo(fromText.parentRef);
        assertThat(fromColumns.candidate).isEqualTo(fromText.candidate);
        assertThat(fromColumns.category).isEqualTo(fromText.category);
        assertThat(fromColumns.amount).isEqualTo(fromText.amount);
        assertThat(fromColumns.currency).isEqualTo(fromText.currency);
        int candidates = 0;
        for (boolean c : fromText.candidate) {
            candidates += c ? 1 : 0;
        }
        assertThat(candidates).as("some entries may pair").isGreaterThan(n / 50);

        for (AmountComparison comparison : AmountComparison.values()) {
            ExactPairs.LineColumns text = new ExactPairs.LineColumns(n);
            ExactPairs.LineColumns cols = new ExactPairs.LineColumns(n);
            ExactPairs.lineColumns(settlementLines, 0, n, 0, "adyen", comparison, text);
            ExactPairs.lineColumns(settlementWithColumns, 0, n, 0, "adyen", comparison, cols);
            assertThat(cols.own).as("%s", comparison).isEqualTo(text.own);
            assertThat(cols.modification).isEqualTo(text.modification);
            assertThat(cols.parent).isEqualTo(text.parent);
            assertThat(cols.merchant).isEqualTo(text.merchant);
            assertThat(cols.candidate).isEqualTo(text.candidate);
            assertThat(cols.category).isEqualTo(text.category);
            assertThat(cols.amount).isEqualTo(text.amount);
            assertThat(cols.currency).isEqualTo(text.currency);
            assertThat(cols.bookingDay).isEqualTo(text.bookingDay);
            int lineCandidates = 0;
            for (boolean c : text.candidate) {
                lineCandidates += c ? 1 : 0;
            }
            assertThat(lineCandidates).as("some lines may pair").isGreaterThan(n / 50);
        }

        // Where the pair choice reads the transaction id and compares the references: the staged cells' bytes.
        int[] cells = new int[22];
        for (int i = 0; i < n; i++) {
            if ((ledger.get(i * StagedColumns.L_WIDTH + StagedColumns.L_FLAGS) & StagedColumns.TEXT) == 0) {
                String line = ledgerText.get(i);
                ExactPairs.cells(line, cells);
                int base = i * StagedColumns.L_WIDTH;
                assertThat(ledgerLines.text(i, StagedColumns.L_TXN_AT, ledger.getInt(base + StagedColumns.L_TXN_LEN)))
                        .isEqualTo(line.substring(cells[1], cells[2] - 1));
                assertThat(ledgerLines.text(i, ledger.getInt(base + StagedColumns.L_REF_AT),
                        ledger.getInt(base + StagedColumns.L_REF_LEN))).isEqualTo(line.substring(cells[7], cells[8] - 1));
            }
            if ((settlement.get(i * StagedColumns.S_WIDTH + StagedColumns.S_FLAGS) & StagedColumns.TEXT) == 0) {
                String line = settlementText.get(i);
                ExactPairs.cells(line, cells);
                int base = i * StagedColumns.S_WIDTH;
                assertThat(settlementLines.text(i, settlement.getInt(base + StagedColumns.S_REF_AT),
                        settlement.getInt(base + StagedColumns.S_REF_LEN))).isEqualTo(line.substring(cells[3], cells[4] - 1));
                // and compared in place: a line's reference region equals itself, and not a shifted one
                int at = settlement.getInt(base + StagedColumns.S_REF_AT);
                int len = settlement.getInt(base + StagedColumns.S_REF_LEN);
                assertThat(settlementLines.regionEquals(i, at, settlementLines, i, at, len)).isTrue();
            }
        }

        // The creation times the window pass reads.
        for (int i = 0; i < n; i++) {
            if ((ledger.get(i * StagedColumns.L_WIDTH + StagedColumns.L_FLAGS) & StagedColumns.TEXT) == 0) {
                Instant t = Instant.ofEpochSecond(ledger.getLong(i * StagedColumns.L_WIDTH + StagedColumns.L_CREATED_SECOND),
                        ledger.getInt(i * StagedColumns.L_WIDTH + StagedColumns.L_CREATED_NANO));
                assertThat(t).isEqualTo(StagedLedgerLine.decode(ledgerText.get(i)).entry().createdAt());
            }
        }
    }

    @Test
    void packingKeepsShortPlainCodesAndRefusesTheRest() {
        for (String s : List.of("", "E", "EUR", "ABCDEFG", "XBT1")) {
            assertThat(StagedColumns.pack(s)).isNotZero();
            assertThat(StagedColumns.unpack(StagedColumns.pack(s))).isEqualTo(s);
        }
        assertThat(StagedColumns.pack("EUR")).isNotEqualTo(StagedColumns.pack("EU"));
        assertThat(StagedColumns.pack("")).isNotEqualTo(StagedColumns.pack("\0"));
        for (String s : List.of("ABCDEFGH", "E\tR", "E\\R", "E:R", "E|R", "EÜR", "E R")) {
            assertThat(StagedColumns.pack(s)).as(s).isZero();
        }
    }

    @Test
    void aColumnsFileOfAnotherLengthIsNotUsed() throws IOException {
        Path file = tmp.resolve("ledger.columns");
        Files.write(file, new byte[StagedColumns.L_WIDTH * 3]);
        assertThat(StagedColumns.map(file, StagedColumns.L_WIDTH, 3)).isNotNull();
        assertThat(StagedColumns.map(file, StagedColumns.L_WIDTH, 4)).isNull();
        assertThat(StagedColumns.map(file, StagedColumns.L_WIDTH, 2)).isNull();
        assertThat(StagedColumns.map(tmp.resolve("missing.columns"), StagedColumns.L_WIDTH, 0)).isNull();
    }

    private StagedColumns columns(ByteBuffer records, int width, int rows) throws IOException {
        Path file = Files.createTempFile(tmp, "staged", ".columns");
        Files.write(file, Arrays.copyOf(records.array(), records.position()));
        return StagedColumns.map(file, width, rows);
    }

    private StagedLines mapped(List<String> lines, String name) throws IOException {
        Path file = Files.createTempFile(tmp, name, ".tsv");
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return StagedLines.map(file);
    }
}
