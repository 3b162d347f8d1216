package dev.recon.batch.job;

import dev.recon.batch.store.OpenItemStore;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.config.SettlementCalendar;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.match.ReconContext;
import dev.recon.core.match.ReconIds;
import dev.recon.core.result.ReconMode;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.QuarantinedRow;
import dev.recon.parsers.RecordSink;
import dev.recon.parsers.canonical.CanonicalCsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The match step's input: the run's staged ledger rows and settlement records read back from the
 * staging files, narrowed to the business-date window, with the open items of the previous
 * reconciled day carried in. In memory, over the staged files, on every attempt of the step (it is
 * idempotent, so a restart reads the same day).
 *
 * <p>Window: a ledger row takes part when its processing day (the channel's time zone, cut-off and
 * holiday calendar: {@link SettlementCalendar#processingDate}) lies within the channel's
 * {@code date_window_days} of the business date, so an export or a JDBC source covering several
 * days does not reconcile last month's payments again; an entry already decided on an earlier day
 * (MATCHED or a break that waits for nothing) is not reconciled again either. Both are counted in
 * summary.json ({@code outside_window}, {@code decided_earlier}), never silently dropped.
 *
 * <p>Carry-in: the previous day's open items (PENDING and MISSING_IN_CHANNEL entries,
 * MISSING_INTERNAL and PENDING settlement lines) come first, in the order the database-staged runs
 * used (the last stored item first); an entry that today's source exports again is taken from
 * today's source (its status may have moved on).
 */
final class StagedDay {

    /** Ledger lines decoded per batch on every core: a million lines one by one were a core's seconds. */
    private static final int DECODE_BATCH = 65_536;

    final List<LedgerEntry> entries;
    /** Staged ledger rows not reconciled today: other channels' rows plus those the window or an earlier decision took out. */
    final long otherChannelRows;
    final List<SettlementRecord> records;
    final Counts counts;
    /** Exact pairs kept as staged lines (not in {@link #entries} or {@link #records}); NONE on the object path. */
    final ExactPairs pairs;
    /** Booking dates of today's payment lines (pairs included), for the wrong-file check. */
    final BookingDates booking;

    private StagedDay(List<LedgerEntry> entries, long otherChannelRows, List<SettlementRecord> records, Counts counts,
            ExactPairs pairs, BookingDates booking) {
        this.entries = entries;
        this.otherChannelRows = otherChannelRows;
        this.records = records;
        this.counts = counts;
        this.pairs = pairs;
        this.booking = booking;
    }

    /** First and last booking date of today's payment lines (null when none has one), and whether any lies within the window. */
    record BookingDates(LocalDate first, LocalDate last, boolean anyInWindow) {

        static BookingDates of(List<SettlementRecord> records, LocalDate from, LocalDate to) {
            LocalDate first = null;
            LocalDate last = null;
            boolean anyInWindow = false;
            for (SettlementRecord r : records) {
                if (!r.category().isPaymentLine() || r.bookingDate() == null) {
                    continue;
                }
                LocalDate d = r.bookingDate();
                first = first == null || d.isBefore(first) ? d : first;
                last = last == null || d.isAfter(last) ? d : last;
                anyInWindow |= !d.isBefore(from) && !d.isAfter(to);
            }
            return new BookingDates(first, last, anyInWindow);
        }
    }

    /** The carry-in and exclusion counts of the day (for summary.json). */
    record Counts(long carriedInternal, long carriedSettlement, long outsideWindow, long decidedEarlier) {
    }

    static StagedDay read(StagingArea staging, long instanceId, OpenItemStore openItems, ReconConfig config,
            String channel, LocalDate date) throws IOException {
        ChannelConfig cfg = config.channel(channel);
        SettlementCalendar cal = cfg.calendar();
        int window = cfg.dateWindowDays();
        long[] outOfScope = {0};
        List<LedgerEntry> today = readLedger(staging, instanceId, outOfScope);

        boolean[] outside = new boolean[today.size()];
        for (int i = 0; i < outside.length; i++) {
            LocalDate processed = cal.processingDate(today.get(i).createdAt());
            outside[i] = Math.abs(processed.toEpochDay() - date.toEpochDay()) > window;
        }
        Scope<LedgerEntry> scope = scope(today, outside, LedgerEntry::transactionId, openItems, channel, date, cfg);
        List<LedgerEntry> kept = scope.kept();
        List<LedgerEntry> carried = scope.carried();
        List<String> carriedLines = scope.carriedLines();
        long outsideWindow = scope.outsideWindow();
        long decidedEarlier = scope.decidedEarlier();
        List<LedgerEntry> entries = new ArrayList<>(carried.size() + kept.size());
        entries.addAll(carried);
        entries.addAll(kept);

        List<SettlementRecord> records = parseCarried(carriedLines, channel);
        int carriedRecords = records.size();
        readSettlement(staging, instanceId, channel, records);
        return new StagedDay(entries, outOfScope[0] + outsideWindow + decidedEarlier, records,
                new Counts(carried.size(), carriedLines.size(), outsideWindow, decidedEarlier), ExactPairs.NONE,
                BookingDates.of(records.subList(carriedRecords, records.size()), date.minusDays(window),
                        date.plusDays(window)));
    }

    /**
     * Today's staged entries in scope (within the date window, not decided on an earlier day) and the
     * open items carried from the previous day, which both readers share; {@code T} is an entry or its
     * staged line.
     */
    private record Scope<T>(List<T> kept, long outsideWindow, long decidedEarlier, List<LedgerEntry> carried,
            List<String> carriedLines) {
    }

    /** {@code outside[i]}: today's row i lies outside the channel's date window. */
    private static <T> Scope<T> scope(List<T> today, boolean[] outside, Function<T, String> transactionId,
            OpenItemStore openItems, String channel, LocalDate date, ChannelConfig cfg) {
        int window = cfg.dateWindowDays();
        long outsideWindow = 0;
        for (boolean o : outside) {
            outsideWindow += o ? 1 : 0;
        }
        List<T> inWindow = select(today, i -> !outside[i]);
        Set<String> decided = openItems.decidedAmong(channel,
                date.minusDays(2L * window + cfg.calendar().lagBusinessDays() + 14), date,
                () -> inWindow.stream().map(r -> ReconIds.forEntry(ReconMode.BATCH, channel, transactionId.apply(r)))
                        .toList());
        List<T> kept = inWindow;
        long decidedEarlier = 0;
        if (!decided.isEmpty()) {
            boolean[] earlier = new boolean[inWindow.size()];
            for (int i = 0; i < earlier.length; i++) {
                earlier[i] = decided.contains(
                        ReconIds.forEntry(ReconMode.BATCH, channel, transactionId.apply(inWindow.get(i))));
                decidedEarlier += earlier[i] ? 1 : 0;
            }
            kept = select(inWindow, i -> !earlier[i]);
        }

        List<LedgerEntry> carried = new ArrayList<>();
        List<String> carriedLines = List.of();
        Optional<LocalDate> previous = openItems.previousDay(channel, date);
        if (previous.isPresent()) {
            Set<String> todayIds = new HashSet<>();
            for (int i = 0; i < kept.size(); i++) {
                todayIds.add(transactionId.apply(kept.get(i)));
            }
            for (LedgerEntry e : openItems.openEntries(channel, previous.get())) {
                if (!todayIds.contains(e.transactionId())) {
                    carried.add(e);
                }
            }
            // Carried items were staged at positions -1, -2, ... and read back in position order: last first.
            Collections.reverse(carried);
            carriedLines = new ArrayList<>(openItems.openSettlementLines(channel, previous.get()));
            Collections.reverse(carriedLines);
        }
        return new Scope<>(kept, outsideWindow, decidedEarlier, carried, carriedLines);
    }

    /** The previous day's open settlement lines (canonical CSV) as records. */
    private static List<SettlementRecord> parseCarried(List<String> carriedLines, String channel) throws IOException {
        List<SettlementRecord> records = new ArrayList<>();
        if (!carriedLines.isEmpty()) {
            StringBuilder text = new StringBuilder(CanonicalLineCodec.header());
            for (String line : carriedLines) {
                text.append(line).append('\n');
            }
            parse(new CanonicalCsvParser(ParseOptions.defaults().withChannel(channel)),
                    InputSource.of("carried settlement", text.toString().getBytes(StandardCharsets.UTF_8)), records);
        }
        return records;
    }

    /**
     * As {@link #read}, with the day's exact pairs ({@link ExactPairs}) left as staged lines: only the
     * other rows are decoded into entries and records. Same window, carry-in and counts; the
     * entries and records keep their order, less the pairs.
     *
     * @param matchCfg the channel's settings the match runs with (tolerance given on the command line included)
     */
    static StagedDay readWithPairs(StagingArea staging, long instanceId, OpenItemStore openItems, ReconConfig config,
            String channel, LocalDate date, ChannelConfig matchCfg, ReconContext ctx) throws IOException {
        ChannelConfig cfg = config.channel(channel);
        SettlementCalendar cal = cfg.calendar();
        int window = cfg.dateWindowDays();
        long[] outOfScope = {0};
        // The two files are mapped side by side (finding the lines of each is one pass over its bytes).
        CompletableFuture<List<String>> settlementLines = CompletableFuture.supplyAsync(() -> {
            try {
                return readSettlementLines(staging, instanceId);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<String> staged = readLedgerLines(staging, instanceId, outOfScope);
        List<String> today = staged;

        boolean[] outside = new boolean[today.size()];
        StagedColumns columns = staged instanceof StagedLines mapped ? mapped.columns() : null;
        inSlices(today.size(), (from, to) -> {
            int[] start = new int[18];
            String[] scratch = StagedLedgerLine.scratch();
            for (int i = from; i < to; i++) {
                Instant created = columns != null ? createdAt((StagedLines) staged, columns, i, start, scratch)
                        : createdAt(staged.get(i), start, scratch);
                outside[i] = Math.abs(cal.processingDate(created).toEpochDay() - date.toEpochDay()) > window;
            }
        });
        Scope<String> scope = scope(today, outside, StagedDay::transactionId, openItems, channel, date, cfg);
        List<String> kept = scope.kept();
        List<LedgerEntry> carried = scope.carried();
        List<String> carriedLines = scope.carriedLines();
        long outsideWindow = scope.outsideWindow();
        long decidedEarlier = scope.decidedEarlier();
        List<SettlementRecord> carriedRecords = parseCarried(carriedLines, channel);
        List<String> lines;
        try {
            lines = settlementLines.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }

        PairSplit split = splitPairs(carried, kept, carriedRecords, lines, channel, matchCfg, ctx,
                date.minusDays(window), date.plusDays(window));
        List<LedgerEntry> entries = split.entries();
        List<SettlementRecord> records = split.records();
        ExactPairs pairs = split.pairs();
        BookingDates booking = split.booking();
        int ce = carried.size();
        return new StagedDay(entries, outOfScope[0] + outsideWindow + decidedEarlier, records,
                new Counts(ce, carriedLines.size(), outsideWindow, decidedEarlier), pairs, booking);
    }

    /** A day's rows split into exact pairs (kept as staged lines) and the rest (decoded, in order). */
    record PairSplit(List<LedgerEntry> entries, List<SettlementRecord> records, ExactPairs pairs,
            BookingDates booking) {
    }

    /**
     * Chooses the exact pairs among today's staged entries {@code kept} and lines {@code lines} (the
     * carried rows, objects from an earlier day, take part in every count and come first in the
     * rest) and decodes the rest.
     */
    static PairSplit splitPairs(List<LedgerEntry> carried, List<String> kept, List<SettlementRecord> carriedRecords,
            List<String> lines, String channel, ChannelConfig matchCfg, ReconContext ctx, LocalDate windowFrom,
            LocalDate windowTo) {
        // Every row, carried ones first, as hashes; then the pairs; then objects for the rest only.
        int ce = carried.size();
        int cl = carriedRecords.size();
        boolean[] pairedEntry = new boolean[ce + kept.size()];
        boolean[] pairedLine = new boolean[cl + lines.size()];
        BookingDates[] booking = new BookingDates[1];
        ExactPairs pairs = choose(carried, kept, carriedRecords, lines, channel, matchCfg, ctx, windowFrom, windowTo,
                pairedEntry, pairedLine, booking);

        List<String> restLedger = unpaired(kept, pairedEntry, ce);
        List<LedgerEntry> entries = new ArrayList<>(ce + restLedger.size());
        entries.addAll(carried);
        decode(restLedger, entries);
        List<String> restLines = unpaired(lines, pairedLine, cl);
        List<SettlementRecord> records = new ArrayList<>(cl + restLines.size());
        records.addAll(carriedRecords);
        decodeSettlement(restLines, channel, records);
        return new PairSplit(entries, records, pairs, booking[0]);
    }

    /**
     * The columns of every row, the booking dates of today's payment lines ({@code booking[0]}) and
     * the exact pairs, their rows marked; the columns die when this returns (a gigabyte at 10M rows
     * per side), before the rest is decoded.
     */
    private static ExactPairs choose(List<LedgerEntry> carried, List<String> kept, List<SettlementRecord> carriedRecords,
            List<String> lines, String channel, ChannelConfig matchCfg, ReconContext ctx, LocalDate windowFrom,
            LocalDate windowTo, boolean[] pairedEntry, boolean[] pairedLine, BookingDates[] booking) {
        int ce = carried.size();
        int cl = carriedRecords.size();
        ExactPairs.LedgerColumns in = new ExactPairs.LedgerColumns(ce + kept.size());
        for (int i = 0; i < ce; i++) {
            ExactPairs.ledgerColumns(carried.get(i), i, in);
        }
        List<String> keptLines = kept;
        inSlices(kept.size(), (from, to) -> ExactPairs.ledgerColumns(keptLines, from, to, ce, channel, in));
        ExactPairs.LineColumns ch = new ExactPairs.LineColumns(cl + lines.size());
        for (int j = 0; j < cl; j++) {
            ExactPairs.lineColumns(carriedRecords.get(j), j, ch);
        }
        inSlices(lines.size(),
                (from, to) -> ExactPairs.lineColumns(lines, from, to, cl, channel, matchCfg.comparison(), ch));
        booking[0] = bookingDates(ch.bookingDay, cl, windowFrom, windowTo);
        return ExactPairs.applies(matchCfg, ctx)
                ? ExactPairs.choose(kept, ce, in, lines, cl, ch, pairedEntry, pairedLine, channel, matchCfg, ctx)
                : ExactPairs.NONE;
    }

    /** The staged lines not taken by an exact pair; line i's flag is {@code paired[carried + i]} (carried items come first). */
    private static List<String> unpaired(List<String> staged, boolean[] paired, int carried) {
        return select(staged, i -> !paired[carried + i]);
    }

    /**
     * The items i of {@code list} for which {@code keep} holds, in order. Staged lines stay mapped
     * ({@link StagedLines#select}: positions only, no String per line); other lists are copied.
     */
    @SuppressWarnings("unchecked")
    static <T> List<T> select(List<T> list, IntPredicate keep) {
        if (list instanceof StagedLines lines) {
            return (List<T>) lines.select(keep);
        }
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (keep.test(i)) {
                out.add(list.get(i));
            }
        }
        return out;
    }

    private static BookingDates bookingDates(int[] days, int from, LocalDate windowFrom, LocalDate windowTo) {
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        boolean any = false;
        boolean anyInWindow = false;
        for (int j = from; j < days.length; j++) {
            int d = days[j];
            if (d == Integer.MIN_VALUE) {
                continue;
            }
            any = true;
            first = Math.min(first, d);
            last = Math.max(last, d);
            anyInWindow |= d >= windowFrom.toEpochDay() && d <= windowTo.toEpochDay();
        }
        return any ? new BookingDates(LocalDate.ofEpochDay(first), LocalDate.ofEpochDay(last), anyInWindow)
                : new BookingDates(null, null, false);
    }

    /** A staged ledger line's transaction id (unescaped). */
    private static String transactionId(String line) {
        int from = line.indexOf('\t') + 1;
        int to = line.indexOf('\t', from);
        String cell = line.substring(from, to);
        return cell.indexOf('\\') < 0 ? cell : StagedLedgerLine.decode(line).entry().transactionId();
    }

    /** Line i's creation time from its staged record; from its text when the record says so. */
    private static Instant createdAt(StagedLines lines, StagedColumns columns, int i, int[] start, String[] scratch) {
        int row = lines.number(i);
        if ((columns.getByte(row, StagedColumns.L_FLAGS) & StagedColumns.TEXT) != 0) {
            return createdAt(lines.get(i), start, scratch);
        }
        return Instant.ofEpochSecond(columns.getLong(row, StagedColumns.L_CREATED_SECOND),
                columns.getInt(row, StagedColumns.L_CREATED_NANO));
    }

    private static Instant createdAt(String line, int[] start, String[] scratch) {
        if (ExactPairs.cells(line, start) == 17 && !ExactPairs.escaped(line, start, 13, 13)) {
            return dev.recon.batch.store.StoredInstant.parse(line.substring(start[13], start[14] - 1));
        }
        return StagedLedgerLine.decode(line, scratch).entry().createdAt();
    }

    /** Runs {@code body} over slices of [0, n) on every core. */
    private static void inSlices(int n, java.util.function.BiConsumer<Integer, Integer> body) {
        int slices = Math.max(1, Math.min(256, n / 4096));
        IntStream.range(0, slices).parallel().forEach(s -> body.accept(from(n, slices, s), from(n, slices, s + 1)));
    }

    /** Today's in-scope staged ledger lines, undecoded and mapped ({@link StagedLines}); counts the other channels' rows. */
    private static List<String> readLedgerLines(StagingArea staging, long instanceId, long[] outOfScope)
            throws IOException {
        StagedLines text = StagedLines.map(staging.file(instanceId, StagingArea.LEDGER));
        StagedLines all = text.withColumns(StagedColumns.map(staging.file(instanceId, StagingArea.LEDGER_COLUMNS),
                StagedColumns.L_WIDTH, text.size()));
        StagedLines inScope = all.select(i -> all.firstByte(i) == StagedLedgerLine.IN_SCOPE);
        outOfScope[0] += all.size() - inScope.size();
        return inScope;
    }

    private static List<String> readSettlementLines(StagingArea staging, long instanceId) throws IOException {
        StagedLines text = StagedLines.map(staging.file(instanceId, StagingArea.SETTLEMENT));
        return text.withColumns(StagedColumns.map(staging.file(instanceId, StagingArea.SETTLEMENT_COLUMNS),
                StagedColumns.S_WIDTH, text.size()));
    }

    /** Today's in-scope ledger entries in staged (file) order; counts the other channels' rows. */
    private static List<LedgerEntry> readLedger(StagingArea staging, long instanceId, long[] outOfScope)
            throws IOException {
        List<LedgerEntry> out = new ArrayList<>();
        List<String> batch = new ArrayList<>(DECODE_BATCH);
        try (BufferedReader r = Files.newBufferedReader(staging.file(instanceId, StagingArea.LEDGER),
                StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!StagedLedgerLine.inScope(line)) {
                    outOfScope[0]++;
                    continue;
                }
                batch.add(line);
                if (batch.size() == DECODE_BATCH) {
                    decode(batch, out);
                    batch.clear();
                }
            }
        }
        decode(batch, out);
        return out;
    }

    /** Today's staged settlement records in staged (file) order, decoded per batch on every core. */
    private static void readSettlement(StagingArea staging, long instanceId, String channel, List<SettlementRecord> out)
            throws IOException {
        List<String> batch = new ArrayList<>(DECODE_BATCH);
        try (BufferedReader r = Files.newBufferedReader(staging.file(instanceId, StagingArea.SETTLEMENT),
                StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                batch.add(line);
                if (batch.size() == DECODE_BATCH) {
                    decodeSettlement(batch, channel, out);
                    batch.clear();
                }
            }
        }
        decodeSettlement(batch, channel, out);
    }

    private static void decodeSettlement(List<String> lines, String channel, List<SettlementRecord> out) {
        decodeInSlices(lines, out, new SettlementRecord[lines.size()], StagedSettlementLine::scratch,
                (line, scratch) -> StagedSettlementLine.decode(line, channel, scratch));
    }

    private static void decode(List<String> lines, List<LedgerEntry> out) {
        decodeInSlices(lines, out, new LedgerEntry[lines.size()], StagedLedgerLine::scratch,
                (line, scratch) -> StagedLedgerLine.decode(line, scratch).entry());
    }

    /** Decodes a staged line with the caller's scratch of repeating cells ({@code StagedFields.scratch()}). */
    private interface LineDecoder<T> {
        T decode(String line, String[] scratch);
    }

    /** Decodes a batch on both cores, each slice with its own scratch, keeping the lines' order. */
    private static <T> void decodeInSlices(List<String> lines, List<T> out, T[] decoded, Supplier<String[]> scratches,
            LineDecoder<T> decoder) {
        int slices = slices(decoded.length);
        IntStream.range(0, slices).parallel().forEach(s -> {
            String[] scratch = scratches.get();
            for (int i = from(decoded.length, slices, s); i < from(decoded.length, slices, s + 1); i++) {
                decoded[i] = decoder.decode(lines.get(i), scratch);
            }
        });
        Collections.addAll(out, decoded);
    }

    /** Slices of a decode batch, each with its own scratch: enough for both cores to share the work evenly. */
    private static int slices(int lines) {
        return Math.max(1, Math.min(64, lines / 1024));
    }

    private static int from(int lines, int slices, int slice) {
        return (int) ((long) lines * slice / slices);
    }

    /** Carried lines were written by CanonicalCsvWriter: failing to read one back is our bug, not the file's. */
    private static void parse(CanonicalCsvParser parser, InputSource source, List<SettlementRecord> records)
            throws IOException {
        try {
            parser.parse(source, new RecordSink() {
                @Override
                public void accept(SettlementRecord record) {
                    records.add(record);
                }

                @Override
                public void quarantine(QuarantinedRow row) {
                    throw new IllegalStateException("staged settlement record could not be read back: " + row);
                }
            });
        } catch (dev.recon.parsers.ParseException e) {
            throw new IllegalStateException("staged settlement records could not be read back: " + e.getMessage(), e);
        }
    }
}
