package dev.recon.parsers.adyen;

import dev.recon.parsers.BadField;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.parsers.ControlCheck;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import dev.recon.parsers.ParseTally;
import dev.recon.parsers.RecordSink;
import dev.recon.parsers.SettlementFileParser;
import dev.recon.parsers.text.CsvRows;
import dev.recon.parsers.text.ByteCsvReader;
import dev.recon.parsers.text.FieldCache;
import dev.recon.parsers.text.LocalDateTimes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adyen "Settlement details report" CSV (one file per merchant account and settlement batch).
 *
 * <p>Columns are found by header name, so the 23-column classic layout, the 30/33-column variants
 * and the 47-column 2026 layout all work, and unknown columns are ignored. Amounts are unsigned
 * major units in separate Debit/Credit columns; gross is in Gross Currency, net and fees in Net
 * Currency. The Type column is kept verbatim; types we do not know map to
 * {@link RecordCategory#OTHER}, never to a quarantine.
 *
 * <p>References: Psp Reference is the payment's reference (also on its refund and chargeback rows),
 * Modification Reference the refund's/chargeback's own reference, or free text on Fee and
 * MerchantPayout rows (the link to the bank credit).
 *
 * <p>Control total: per Batch Number and Net Currency, the net of all other rows must equal the
 * MerchantPayout row's Net Debit. A batch with no payout row (balance carried forward) is noted,
 * not failed.
 *
 * <p>Assumptions: Creation Date is {@code yyyy-MM-dd HH:mm:ss} in the configured zone; an empty
 * Creation Date is allowed (no booking date) but a malformed one quarantines the row.
 */
public final class AdyenSettlementParser implements SettlementFileParser {

    public static final String FORMAT = "adyen";

    private static final String[] REQUIRED = {"type", "net currency", "psp reference"};

    private final ParseOptions options;

    public AdyenSettlementParser(ParseOptions options) {
        this.options = options;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** Column positions of one file's header; -1 when the column is absent. */
    private static final class Columns {
        final int merchantAccount;
        final int pspReference;
        final int merchantReference;
        final int paymentMethod;
        final int creationDate;
        final int type;
        final int modificationReference;
        final int grossCurrency;
        final int grossDebit;
        final int grossCredit;
        final int exchangeRate;
        final int netCurrency;
        final int netDebit;
        final int netCredit;
        final int batchNumber;
        final int[] feeColumns;
        final FeeKind[] feeKinds;
        final String[] feeNames;

        Columns(Map<String, Integer> idx) {
            merchantAccount = idx.getOrDefault("merchant account", -1);
            pspReference = idx.getOrDefault("psp reference", -1);
            merchantReference = idx.getOrDefault("merchant reference", -1);
            paymentMethod = idx.getOrDefault("payment method", -1);
            creationDate = idx.getOrDefault("creation date", -1);
            type = idx.getOrDefault("type", -1);
            modificationReference = idx.getOrDefault("modification reference", -1);
            grossCurrency = idx.getOrDefault("gross currency", -1);
            grossDebit = idx.getOrDefault("gross debit (gc)", -1);
            grossCredit = idx.getOrDefault("gross credit (gc)", -1);
            exchangeRate = idx.getOrDefault("exchange rate", -1);
            netCurrency = idx.getOrDefault("net currency", -1);
            netDebit = idx.getOrDefault("net debit (nc)", -1);
            netCredit = idx.getOrDefault("net credit (nc)", -1);
            batchNumber = idx.getOrDefault("batch number", -1);
            Map<String, FeeKind> fees = new LinkedHashMap<>();
            fees.put("commission (nc)", FeeKind.COMMISSION);
            fees.put("markup (nc)", FeeKind.MARKUP);
            fees.put("scheme fees (nc)", FeeKind.SCHEME);
            fees.put("interchange (nc)", FeeKind.INTERCHANGE);
            fees.put("payment fees (nc)", FeeKind.PROCESSING);
            fees.put("dcc markup (nc)", FeeKind.FX);
            List<Integer> cols = new ArrayList<>();
            List<FeeKind> kinds = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, FeeKind> e : fees.entrySet()) {
                Integer i = idx.get(e.getKey());
                if (i != null) {
                    cols.add(i);
                    kinds.add(e.getValue());
                    names.add(e.getKey());
                }
            }
            feeColumns = cols.stream().mapToInt(Integer::intValue).toArray();
            feeKinds = kinds.toArray(FeeKind[]::new);
            feeNames = names.toArray(String[]::new);
        }
    }

    /** Net per batch and net currency, split into the payout row and everything else. */
    private static final class BatchTotal {
        final Currency currency;
        long otherNet;
        long payoutNet;
        int payoutRows;

        BatchTotal(Currency currency) {
            this.currency = currency;
        }
    }

    /** A parsed Creation Date: consecutive rows often share it, so it is cached with its instant. */
    private record Created(LocalDate date, Instant instant) {
    }

    /** A Type value with its category, cached together so the category map is not probed per row. */
    private record TypeCategory(String type, RecordCategory category) {
    }

    @Override
    public ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException {
        ParseTally tally = new ParseTally(FORMAT, source.name(), sink);
        Charset charset = options.charset();
        Map<String, BatchTotal> batches = new LinkedHashMap<>();
        lastTotal = null;
        lastBatch = null;
        java.util.Arrays.fill(recentBatch, null);
        java.util.Arrays.fill(recentTotal, null);
        recentNext = 0;
        feeChecked = 0;
        feeMismatches = 0;
        firstFeeMismatch = 0;
        try (ByteCsvReader csv = new ByteCsvReader(source.open(), ',', CsvRows.MAX_RECORD_CHARS)) {
            if (!csv.next()) {
                throw new ParseException(source.name(), 1, "empty file: an Adyen settlement details report has a header row");
            }
            List<String> header = new ArrayList<>(csv.fieldCount());
            for (int i = 0; i < csv.fieldCount(); i++) {
                String name = csv.string(i, charset);
                header.add(name == null ? "" : name);
            }
            Map<String, Integer> idx = CsvRows.headerIndex(header);
            for (String required : REQUIRED) {
                if (!idx.containsKey(required)) {
                    throw new ParseException(source.name(), csv.line(),
                            "not an Adyen settlement details report: header has no '" + required + "' column");
                }
            }
            RowReader rows = new RowReader(new Columns(idx), options.channelOr(FORMAT), source.name(), charset);
            int headerWidth = header.size();
            while (csv.next()) {
                tally.rowRead();
                long line = csv.line();
                try {
                    if (csv.fieldCount() != headerWidth) {
                        throw new BadField("row", "row has " + csv.fieldCount() + " fields, header has " + headerWidth);
                    }
                    SettlementRecord record = rows.toRecord(csv, line);
                    tally.emit(record);
                    accumulate(batches, record);
                    feeCheck(record, line);
                } catch (BadField bad) {
                    tally.quarantine(line, bad.field(), bad.getMessage(), csv.rawRecord(charset));
                }
            }
        } catch (ByteCsvReader.RecordTooLargeException e) {
            throw new ParseException(source.name(), e.line(), "unreadable CSV: " + e.getMessage()
                    + " (an unclosed quote?) after " + tally.rowsRead() + " data rows", e);
        }
        if (feeMismatches > 0) {
            tally.note("adyen: " + feeMismatches + " of " + feeChecked + " Settled rows where net != gross x rate - fees"
                    + " beyond 0.01 (first at line " + firstFeeMismatch + "); reported only: blended-pricing accounts"
                    + " do not break all fees down");
        }
        for (Map.Entry<String, BatchTotal> e : batches.entrySet()) {
            BatchTotal t = e.getValue();
            String name = "adyen batch " + e.getKey() + ": net of rows = MerchantPayout";
            if (t.payoutRows == 0) {
                tally.note(name + ": no MerchantPayout row (balance carried forward), net "
                        + new Money(t.otherNet, t.currency));
                continue;
            }
            tally.check(ControlCheck.of(name, new Money(-t.payoutNet, t.currency), new Money(t.otherNet, t.currency)));
        }
        return tally.result();
    }

    private long feeChecked;
    private long feeMismatches;
    private long firstFeeMismatch;

    /**
     * FORMATS.md: per Settled row, net ~ gross x rate - (commission + markup + scheme + interchange).
     * Checked within one minor unit and reported as a note, never a failure or a quarantine.
     */
    private void feeCheck(SettlementRecord r, long line) {
        if (r.category() != RecordCategory.PAYMENT || r.gross() == null) {
            return;
        }
        long converted;
        if (r.gross().sameCurrency(r.net())) {
            converted = r.gross().minorUnits();
        } else if (r.fxRate() != null) {
            converted = Money.ofRounded(r.gross().toMajor().multiply(r.fxRate()), r.net().currency()).minorUnits();
        } else {
            return;
        }
        feeChecked++;
        long fees = 0;
        for (dev.recon.core.settlement.Fee fee : r.fees()) {
            fees += fee.amount().minorUnits(); // all in the net currency (this parser builds them so)
        }
        long expected = converted - fees;
        if (Math.abs(expected - r.net().minorUnits()) > 1) {
            if (feeMismatches++ == 0) {
                firstFeeMismatch = line;
            }
        }
    }

    private BatchTotal lastTotal;
    private String lastBatch;

    private static final int RECENT = 8;
    private final String[] recentBatch = new String[RECENT];
    private final BatchTotal[] recentTotal = new BatchTotal[RECENT];
    private int recentNext;

    private void accumulate(Map<String, BatchTotal> batches, SettlementRecord r) {
        BatchTotal cached = lastTotal;
        Currency currency = r.net().currency();
        String payoutBatch = r.payoutBatch();
        // batch strings come from a FieldCache, so identity is the cheap common case
        if (cached != null && lastBatch == payoutBatch && cached.currency == currency) {
            add(cached, r);
            return;
        }
        // rows alternate between a few (batch, currency) pairs: look in the recent ones before
        // building the map key
        for (int k = 0; k < RECENT; k++) {
            BatchTotal t = recentTotal[k];
            if (t != null && recentBatch[k] == payoutBatch && t.currency == currency) {
                lastTotal = t;
                lastBatch = payoutBatch;
                add(t, r);
                return;
            }
        }
        String batch = r.payoutBatch() == null ? "-" : r.payoutBatch();
        String key = batch + " " + r.net().currencyCode();
        BatchTotal t = batches.get(key);
        if (t == null) {
            if (batches.size() >= 100_000) {
                return; // a corrupt file cannot grow this without bound; real files have a handful
            }
            t = new BatchTotal(r.net().currency());
            batches.put(key, t);
        }
        lastTotal = t;
        lastBatch = payoutBatch;
        recentBatch[recentNext] = payoutBatch;
        recentTotal[recentNext] = t;
        recentNext = (recentNext + 1) % RECENT;
        add(t, r);
    }

    private static void add(BatchTotal t, SettlementRecord r) {
        if (r.category() == RecordCategory.PAYOUT) {
            t.payoutNet += r.net().minorUnits();
            t.payoutRows++;
        } else {
            t.otherNet += r.net().minorUnits();
        }
    }

    /**
     * Turns one tokenised row into a record. Holds the per-column caches, so one instance per file.
     */
    private final class RowReader {
        private final Columns c;
        private final String channel;
        private final String file;
        private final Charset charset;
        private final FieldCache<Currency> netCurrencies = new FieldCache<>();
        private final FieldCache<Currency> grossCurrencies = new FieldCache<>();
        private final FieldCache<TypeCategory> types = new FieldCache<>();
        private final FieldCache<String> accounts = new FieldCache<>();
        private final FieldCache<String> batchNumbers = new FieldCache<>();
        private final FieldCache<String> methods = new FieldCache<>();
        private final FieldCache<Created> created = new FieldCache<>();
        private final java.time.zone.ZoneRules rules = options.zone().getRules();
        private final java.time.ZoneOffset fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
        private long lastEpochDay = Long.MIN_VALUE;
        private LocalDate lastDay;

        /** Creation Date from the bytes (the common, well-formed case), else through the cached text path. */
        private Created created(ByteCsvReader row, int col) {
            long packed = row.isoDateTime(col);
            if (packed < 0 || fixedOffset == null) {
                return created.get(row, col, charset, this::created);
            }
            // a report has a few dates and at most 86,400 times a day: most values repeat, so the
            // parsed value is cached (direct-mapped, a miss overwrites) instead of allocated per row
            int slot = (int) (packed ^ (packed >>> 11)) & (CREATED_SLOTS - 1);
            if (createdKeys[slot] == packed) {
                return createdValues[slot];
            }
            long epochDay = packed >>> 17;
            long secondOfDay = packed & 0x1FFFF;
            if (epochDay != lastEpochDay) {
                lastEpochDay = epochDay;
                lastDay = LocalDate.ofEpochDay(epochDay);
            }
            Created value = new Created(lastDay,
                    Instant.ofEpochSecond(epochDay * 86_400L + secondOfDay - fixedOffset.getTotalSeconds()));
            createdKeys[slot] = packed;
            createdValues[slot] = value;
            return value;
        }

        private static final int CREATED_SLOTS = 4096;
        private final long[] createdKeys = filled(CREATED_SLOTS);
        private final Created[] createdValues = new Created[CREATED_SLOTS];

        private static long[] filled(int n) {
            long[] keys = new long[n];
            java.util.Arrays.fill(keys, -1L);
            return keys;
        }

        private final Fee[] lastFees;

        RowReader(Columns c, String channel, String file, Charset charset) {
            this.c = c;
            this.lastFees = new Fee[c.feeColumns.length];
            this.channel = channel;
            this.file = file;
            this.charset = charset;
        }

        SettlementRecord toRecord(ByteCsvReader row, long line) throws BadField {
            TypeCategory type = c.type < 0 ? null
                    : types.get(row, c.type, charset, t -> new TypeCategory(t, AdyenRecordTypes.category(t)));
            if (type == null) {
                throw new BadField("Type", "Type is empty");
            }
            Currency netCurrency = currency(row, c.netCurrency, netCurrencies, "Net Currency");
            if (netCurrency == null) {
                throw new BadField("Net Currency", "Net Currency is empty");
            }
            int netExp = netCurrency.getDefaultFractionDigits();
            long net = amount(row, c.netCredit, netExp, "Net Credit (NC)") - amount(row, c.netDebit, netExp, "Net Debit (NC)");

            Money gross = null;
            Currency grossCurrency = currency(row, c.grossCurrency, grossCurrencies, "Gross Currency");
            if (grossCurrency != null) {
                int exp = grossCurrency.getDefaultFractionDigits();
                gross = new Money(amount(row, c.grossCredit, exp, "Gross Credit (GC)")
                        - amount(row, c.grossDebit, exp, "Gross Debit (GC)"), grossCurrency);
            }
            List<Fee> fees = fees(row, netCurrency, netExp);
            BigDecimal fxRate = null;
            if (grossCurrency != null && !grossCurrency.equals(netCurrency) && c.exchangeRate >= 0) {
                String rate = row.string(c.exchangeRate, charset);
                if (rate != null) {
                    try {
                        fxRate = new BigDecimal(rate);
                    } catch (NumberFormatException e) {
                        throw new BadField("Exchange Rate", "Exchange Rate '" + rate + "' is not a decimal number");
                    }
                    if (fxRate.signum() <= 0) {
                        throw new BadField("Exchange Rate", "Exchange Rate '" + rate + "' is not positive");
                    }
                }
            }
            Instant eventTime = null;
            LocalDate bookingDate = null;
            if (c.creationDate >= 0 && !row.isBlank(c.creationDate)) {
                Created when = created(row, c.creationDate);
                if (when == null) {
                    throw new BadField("Creation Date", "Creation Date '" + row.string(c.creationDate, charset)
                            + "' is not yyyy-MM-dd HH:mm:ss");
                }
                bookingDate = when.date();
                eventTime = when.instant();
            }
            String raw = null;
            if (options.keepRawLines()) {
                raw = row.maskedRawRecord(charset);
            }
            return new SettlementRecord(channel, type.type(), type.category(), text(row, c.pspReference),
                    text(row, c.modificationReference), text(row, c.merchantReference),
                    c.merchantAccount < 0 ? null : accounts.get(row, c.merchantAccount, charset, t -> t),
                    gross, new Money(net, netCurrency), fees, fxRate, bookingDate, eventTime, null,
                    c.batchNumber < 0 ? null : batchNumbers.get(row, c.batchNumber, charset, t -> t),
                    c.paymentMethod < 0 ? null : methods.get(row, c.paymentMethod, charset, t -> t),
                    SourceLocation.ofFile(file, line), raw);
        }

        private Created created(String text) {
            LocalDateTime ldt = LocalDateTimes.parseIsoLike(text);
            return ldt == null ? null : new Created(ldt.toLocalDate(), LocalDateTimes.toInstant(ldt, options.zone()));
        }

        /** Non-zero fees in column order; List.of(e...) by count avoids a temporary array and SettlementRecord's copy. */
        private List<Fee> fees(ByteCsvReader row, Currency currency, int exponent) throws BadField {
            Fee a = null;
            Fee b = null;
            Fee c3 = null;
            Fee d = null;
            List<Fee> more = null;
            int n = 0;
            for (int k = 0; k < c.feeColumns.length; k++) {
                long fee = amount(row, c.feeColumns[k], exponent, c.feeNames[k]);
                if (fee == 0) {
                    continue;
                }
                Fee f = lastFees[k];
                // fixed fees (commission, scheme) repeat row after row: reuse the immutable Fee
                if (f == null || f.amount().minorUnits() != fee || f.amount().currency() != currency) {
                    f = new Fee(c.feeKinds[k], new Money(fee, currency));
                    lastFees[k] = f;
                }
                switch (n++) {
                    case 0 -> a = f;
                    case 1 -> b = f;
                    case 2 -> c3 = f;
                    case 3 -> d = f;
                    default -> {
                        if (more == null) {
                            more = new ArrayList<>(List.of(a, b, c3, d));
                        }
                        more.add(f);
                    }
                }
            }
            return switch (n) {
                case 0 -> List.of();
                case 1 -> List.of(a);
                case 2 -> List.of(a, b);
                case 3 -> List.of(a, b, c3);
                case 4 -> List.of(a, b, c3, d);
                default -> List.copyOf(more);
            };
        }

        private String text(ByteCsvReader row, int col) {
            return col < 0 ? null : row.string(col, charset);
        }

        private Currency currency(ByteCsvReader row, int col, FieldCache<Currency> cache, String column) throws BadField {
            if (col < 0) {
                return null;
            }
            try {
                return cache.get(row, col, charset, Money::currency);
            } catch (IllegalArgumentException e) {
                throw new BadField(column, column + ": " + e.getMessage());
            }
        }

        private long amount(ByteCsvReader row, int col, int exponent, String column) throws BadField {
            if (col < 0) {
                return 0L;
            }
            try {
                return row.minorUnits(col, exponent);
            } catch (IllegalArgumentException e) {
                throw new BadField(column, column + ": " + e.getMessage());
            }
        }
    }
}
