package dev.recon.parsers.canonical;

import java.util.List;

/**
 * The canonical settlement CSV: what {@code ./recon parse} writes and {@code --format canonical}
 * reads. One row per SettlementRecord; a product contract (README.md), extended only by adding
 * columns at the end. Readers match by header name, so column order is not part of the contract.
 */
public final class CanonicalColumns {

    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";
    public static final String CHANNEL = "channel";
    public static final String RECORD_TYPE = "record_type";
    public static final String CATEGORY = "category";
    public static final String CHANNEL_REF = "channel_ref";
    public static final String MODIFICATION_REF = "modification_ref";
    public static final String MERCHANT_REF = "merchant_ref";
    public static final String MERCHANT_ACCOUNT = "merchant_account";
    public static final String GROSS = "gross";
    public static final String GROSS_CURRENCY = "gross_currency";
    public static final String NET = "net";
    public static final String NET_CURRENCY = "net_currency";
    public static final String FEE_TOTAL = "fee_total";
    public static final String FEES = "fees";
    public static final String FX_RATE = "fx_rate";
    public static final String BOOKING_DATE = "booking_date";
    public static final String EVENT_TIME = "event_time";
    public static final String VALUE_DATE = "value_date";
    public static final String PAYOUT_BATCH = "payout_batch";
    public static final String DESCRIPTION = "description";
    public static final String RAW_LINE = "raw_line";

    public static final List<String> ALL = List.of(SOURCE_FILE, SOURCE_LINE, CHANNEL, RECORD_TYPE, CATEGORY,
            CHANNEL_REF, MODIFICATION_REF, MERCHANT_REF, MERCHANT_ACCOUNT, GROSS, GROSS_CURRENCY, NET, NET_CURRENCY,
            FEE_TOTAL, FEES, FX_RATE, BOOKING_DATE, EVENT_TIME, VALUE_DATE, PAYOUT_BATCH, DESCRIPTION, RAW_LINE);

    /** Columns a canonical file must have; everything else may be absent (read as null). */
    public static final List<String> REQUIRED = List.of(RECORD_TYPE, CATEGORY, NET, NET_CURRENCY);

    private CanonicalColumns() {
    }
}
