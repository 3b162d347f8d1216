package dev.recon.parsers;

import java.io.IOException;
import java.util.List;

/**
 * One settlement or statement format. A parser streams the file once, front to back, and hands
 * every record and every quarantined row to the {@link RecordSink} as soon as it is read: nothing
 * is collected, so memory stays constant whatever the file size (only per-batch / per-currency
 * control-total accumulators are kept).
 *
 * <p>Assumptions shared by all implementations: a row that cannot be read becomes a
 * {@link QuarantinedRow} and parsing continues; a file that is not this format at all throws
 * {@link ParseException} ({@code FILE:LINE: reason}); control totals the format carries are
 * checked and reported in the {@link ParseResult}, never used to drop data.
 */
public interface SettlementFileParser {

    /** The registry name of the format ({@link Formats}). */
    String format();

    /** Parses one file. */
    ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException;

    /**
     * Parses a report delivered as several files (PayPal splits at 1M records; Adyen sends one file
     * per merchant account) as one report. The default simply concatenates the parts; formats with
     * report-wide trailers override it.
     */
    default ParseResult parseReport(List<InputSource> parts, RecordSink sink) throws ParseException, IOException {
        ParseResult total = ParseResult.empty(format());
        for (InputSource part : parts) {
            total = total.merge(parse(part, sink));
        }
        return total;
    }
}
