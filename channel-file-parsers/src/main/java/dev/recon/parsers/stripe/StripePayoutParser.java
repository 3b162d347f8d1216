package dev.recon.parsers.stripe;

import dev.recon.parsers.BadField;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.recon.core.money.Money;
import dev.recon.core.security.CardNumberMasker;
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
import dev.recon.parsers.text.CurrencyCodes;
import dev.recon.parsers.text.DecimalAmount;
import dev.recon.parsers.text.DecodedInput;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Currency;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe itemized payout reconciliation ({@code payout_reconciliation.itemized.*}) and balance
 * change exports: signed major-unit amounts (refunds, disputes and fees negative), one currency
 * column (lower case allowed), times in UTC (or the configured zone). Columns by header name; the
 * dynamic {@code payment_metadata[...]} columns are ignored except {@code payment_metadata[payment_id]}
 * / {@code [order_id]}, which fill merchantRef when {@code description} names nothing better.
 *
 * <p>Stripe's {@code fee} is positive when charged and {@code net = gross - fee}; a row where that
 * does not hold is quarantined. Category from {@code reporting_category}. Control: per
 * {@code automatic_payout_id} and currency, the sum of {@code net} is reported (the payout amount
 * the bank must show); when the file also has a {@code payout} row for that id (balance exports),
 * sum of other rows = -payout.
 */
public final class StripePayoutParser implements SettlementFileParser {

    public static final String FORMAT = "stripe";

    private static final Map<String, RecordCategory> CATEGORIES = Map.ofEntries(
            Map.entry("charge", RecordCategory.PAYMENT),
            Map.entry("refund", RecordCategory.REFUND),
            Map.entry("refund_failure", RecordCategory.REFUND_REVERSAL),
            Map.entry("dispute", RecordCategory.CHARGEBACK),
            Map.entry("dispute_reversal", RecordCategory.CHARGEBACK_REVERSAL),
            Map.entry("fee", RecordCategory.FEE),
            Map.entry("payout", RecordCategory.PAYOUT),
            Map.entry("payout_reversal", RecordCategory.ADJUSTMENT),
            Map.entry("transfer", RecordCategory.WITHDRAWAL),
            Map.entry("transfer_reversal", RecordCategory.ADJUSTMENT),
            Map.entry("partial_capture_reversal", RecordCategory.ADJUSTMENT),
            Map.entry("platform_earning", RecordCategory.ADJUSTMENT),
            Map.entry("other_adjustment", RecordCategory.ADJUSTMENT),
            Map.entry("topup", RecordCategory.TOPUP));

    private final ParseOptions options;

    public StripePayoutParser(ParseOptions options) {
        this.options = options;
    }

    @Override
    public String format() {
        return FORMAT;
    }


    private static final class PayoutTotal {
        final Currency currency;
        long otherNet;
        long payoutNet;
        int payoutRows;

        PayoutTotal(Currency currency) {
            this.currency = currency;
        }
    }

    @Override
    public ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException {
        ParseTally tally = new ParseTally(FORMAT, source.name(), sink);
        CurrencyCodes currencies = new CurrencyCodes();
        Map<String, PayoutTotal> payouts = new LinkedHashMap<>();
        String channel = options.channelOr(FORMAT);
        try (Reader reader = DecodedInput.open(source, options.charset());
             CsvReader<CsvRecord> csv = CsvRows.reader(reader, ',')) {
            Iterator<CsvRecord> rows = csv.iterator();
            if (!rows.hasNext()) {
                throw new ParseException(source.name(), 1, "empty file: a Stripe report has a header row");
            }
            CsvRecord header = rows.next();
            Map<String, Integer> idx = CsvRows.headerIndex(header.getFields());
            for (String required : List.of("currency", "gross", "net")) {
                if (!idx.containsKey(required)) {
                    throw new ParseException(source.name(), header.getStartingLineNumber(),
                            "not a Stripe payout reconciliation report: header has no '" + required + "' column");
                }
            }
            while (rows.hasNext()) {
                CsvRecord row = rows.next();
                tally.rowRead();
                try {
                    if (row.getFieldCount() != header.getFieldCount()) {
                        throw new BadField("row", "row has " + row.getFieldCount() + " fields, header has "
                                + header.getFieldCount());
                    }
                    SettlementRecord r = toRecord(row, idx, currencies, channel, source.name());
                    tally.emit(r);
                    String payout = get(row, idx, "automatic_payout_id");
                    if (payout != null && payouts.size() < 100_000) {
                        PayoutTotal t = payouts.computeIfAbsent(payout + " " + r.net().currencyCode(),
                                k -> new PayoutTotal(r.net().currency()));
                        if (r.category() == RecordCategory.PAYOUT) {
                            t.payoutNet += r.net().minorUnits();
                            t.payoutRows++;
                        } else {
                            t.otherNet += r.net().minorUnits();
                        }
                    }
                } catch (BadField bad) {
                    tally.quarantine(row.getStartingLineNumber(), bad.field(), bad.getMessage(), CsvRows.toLine(row, ','));
                }
            }
        } catch (CsvParseException | UncheckedIOException e) {
            throw new ParseException(source.name(), tally.rowsRead() + 1, "unreadable CSV after " + tally.rowsRead()
                    + " data rows: " + e.getMessage(), e);
        }
        for (Map.Entry<String, PayoutTotal> e : payouts.entrySet()) {
            PayoutTotal t = e.getValue();
            if (t.payoutRows > 0) {
                tally.check(ControlCheck.of("stripe payout " + e.getKey() + ": net of rows = payout",
                        new Money(-t.payoutNet, t.currency), new Money(t.otherNet, t.currency)));
            } else {
                tally.note("stripe payout " + e.getKey() + ": net of rows " + new Money(t.otherNet, t.currency)
                        + " (compare with the bank credit)");
            }
        }
        return tally.result();
    }

    private SettlementRecord toRecord(CsvRecord row, Map<String, Integer> idx, CurrencyCodes currencies, String channel,
            String file) throws BadField {
        Currency currency;
        try {
            currency = currencies.lookup(get(row, idx, "currency"));
        } catch (IllegalArgumentException e) {
            throw new BadField("currency", "currency: " + e.getMessage());
        }
        long gross = amount(row, idx, "gross", currency, true);
        long fee = amount(row, idx, "fee", currency, false);
        long net = amount(row, idx, "net", currency, true);
        if (idx.containsKey("fee") && gross - fee != net) {
            throw new BadField("net", "net " + new Money(net, currency) + " is not gross " + new Money(gross, currency)
                    + " - fee " + new Money(fee, currency));
        }
        String category = get(row, idx, "reporting_category");
        String type = category == null ? "unknown" : category;
        Instant created = instant(row, idx, "created_utc", "created");
        LocalDateTime local = created == null ? null : LocalDateTime.ofInstant(created, options.zone());
        Instant available = instant(row, idx, "available_on_utc", "available_on");
        String source = get(row, idx, "source_id");
        String charge = get(row, idx, "charge_id");
        String paymentIntent = get(row, idx, "payment_intent_id");
        String channelRef = charge != null ? charge : paymentIntent != null ? paymentIntent : source;
        String modification = source != null && !source.equals(channelRef) ? source : null;
        String merchantRef = firstNonNull(get(row, idx, "payment_metadata[payment_id]"),
                get(row, idx, "payment_metadata[order_id]"));
        String description = get(row, idx, "description");
        return new SettlementRecord(channel, type, CATEGORIES.getOrDefault(type, RecordCategory.OTHER), channelRef,
                modification, merchantRef, get(row, idx, "connected_account"), new Money(gross, currency),
                new Money(net, currency), fee == 0 ? List.of() : List.of(new Fee(FeeKind.PROCESSING, new Money(fee, currency))),
                null, local == null ? null : local.toLocalDate(), created,
                available == null ? null : LocalDateTime.ofInstant(available, options.zone()).toLocalDate(),
                firstNonNull(get(row, idx, "automatic_payout_id"), get(row, idx, "payout_id")),
                CardNumberMasker.mask(description), SourceLocation.ofFile(file, row.getStartingLineNumber()),
                options.keepRawLines() ? CardNumberMasker.mask(CsvRows.toLine(row, ',')) : null);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static String get(CsvRecord row, Map<String, Integer> idx, String column) {
        Integer i = idx.get(column);
        if (i == null || i >= row.getFieldCount()) {
            return null;
        }
        String s = row.getField(i).strip();
        return s.isEmpty() ? null : s;
    }

    private static long amount(CsvRecord row, Map<String, Integer> idx, String column, Currency currency, boolean required)
            throws BadField {
        String text = get(row, idx, column);
        if (text == null) {
            if (required) {
                throw new BadField(column, column + " is empty");
            }
            return 0;
        }
        try {
            return DecimalAmount.toMinorUnits(text, currency.getDefaultFractionDigits(), '.');
        } catch (IllegalArgumentException e) {
            throw new BadField(column, column + ": " + e.getMessage() + " (" + currency.getCurrencyCode() + ")");
        }
    }

    /** "2026-01-05 10:15:00" (UTC, or the configured zone for the non-_utc column) or epoch seconds. */
    private Instant instant(CsvRecord row, Map<String, Integer> idx, String utcColumn, String localColumn) throws BadField {
        String column = idx.containsKey(utcColumn) ? utcColumn : localColumn;
        String text = get(row, idx, column);
        if (text == null) {
            return null;
        }
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            LocalDateTime t = dev.recon.parsers.text.LocalDateTimes.parseIsoLike(text);
            if (t == null) {
                throw new DateTimeException(text);
            }
            return column.endsWith("_utc") ? t.toInstant(java.time.ZoneOffset.UTC) : t.atZone(options.zone()).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw new BadField(column, column + " '" + text + "' is not yyyy-MM-dd HH:mm:ss or epoch seconds");
        }
    }
}
