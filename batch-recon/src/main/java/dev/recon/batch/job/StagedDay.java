package dev.recon.batch.job;

import dev.recon.batch.store.OpenItemStore;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.config.SettlementCalendar;
import dev.recon.core.ledger.LedgerEntry;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    private StagedDay(List<LedgerEntry> entries, long otherChannelRows, List<SettlementRecord> records, Counts counts) {
        this.entries = entries;
        this.otherChannelRows = otherChannelRows;
        this.records = records;
        this.counts = counts;
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

        List<LedgerEntry> inWindow = new ArrayList<>(today.size());
        long outsideWindow = 0;
        for (LedgerEntry e : today) {
            LocalDate processed = cal.processingDate(e.createdAt());
            if (Math.abs(processed.toEpochDay() - date.toEpochDay()) > window) {
                outsideWindow++;
            } else {
                inWindow.add(e);
            }
        }
        Set<String> decided = openItems.decidedAmong(channel, date.minusDays(2L * window + cal.lagBusinessDays() + 14),
                date, () -> inWindow.stream().map(e -> ReconIds.forEntry(ReconMode.BATCH, channel, e.transactionId()))
                        .toList());
        List<LedgerEntry> kept = inWindow;
        long decidedEarlier = 0;
        if (!decided.isEmpty()) {
            kept = new ArrayList<>(inWindow.size());
            for (LedgerEntry e : inWindow) {
                if (decided.contains(ReconIds.forEntry(ReconMode.BATCH, channel, e.transactionId()))) {
                    decidedEarlier++;
                } else {
                    kept.add(e);
                }
            }
        }

        List<LedgerEntry> carried = new ArrayList<>();
        List<String> carriedLines = List.of();
        Optional<LocalDate> previous = openItems.previousDay(channel, date);
        if (previous.isPresent()) {
            Set<String> todayIds = new HashSet<>();
            for (LedgerEntry e : kept) {
                todayIds.add(e.transactionId());
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
        List<LedgerEntry> entries = new ArrayList<>(carried.size() + kept.size());
        entries.addAll(carried);
        entries.addAll(kept);

        List<SettlementRecord> records = new ArrayList<>();
        CanonicalCsvParser parser = new CanonicalCsvParser(ParseOptions.defaults().withChannel(channel));
        if (!carriedLines.isEmpty()) {
            StringBuilder text = new StringBuilder(CanonicalLineCodec.header());
            for (String line : carriedLines) {
                text.append(line).append('\n');
            }
            parse(parser, InputSource.of("carried settlement", text.toString().getBytes(StandardCharsets.UTF_8)),
                    records);
        }
        readSettlement(staging, instanceId, channel, records);
        return new StagedDay(entries, outOfScope[0] + outsideWindow + decidedEarlier, records,
                new Counts(carried.size(), carriedLines.size(), outsideWindow, decidedEarlier));
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

    /** Decodes a batch on both cores, each slice with its own scratch, keeping the lines' order; empties {@code lines}. */
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
        lines.clear();
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
