package dev.recon.stream.kafka;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.security.CardNumberMasker;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.core.time.IsoInstant;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the usual shape of a {@code payment-events} / {@code channel-callbacks} line without
 * Jackson and without {@code java.time} parsers: one flat object, ASCII strings without escapes,
 * plain decimal amounts and UTC or {@code ±HH:MM} timestamps. It gives exactly what
 * {@link PaymentEventJson#read} / {@link ChannelCallbackJson#read} give, or null, and the caller
 * then reads the line with those (null also for every line they would refuse, so refusals keep
 * their exact reason and text).
 *
 * <p>Why: parsing with Jackson into a map of strings and then {@code OffsetDateTime.parse} was
 * about 12% of the file mode's CPU at a million events. The field rules (masking of card numbers,
 * reference fields masked only with a scheme prefix, blank is absent, enum and boolean spelling,
 * amount precision) are the contract readers'; {@code EventLineReaderProperties} compares both
 * readers on generated and mutated lines.
 *
 * <p>Not thread-safe (it keeps a field table and a small cache of short values): one per source
 * reader or deserializer.
 */
public final class EventLineReader {

    // Field slots of both contracts (one table: a name of the other contract is then just unused).
    private static final String[] NAMES = {"event_id", "transaction_id", "payment_id", "parent_payment_id",
        "merchant_id", "account_id", "channel", "channel_ref", "parent_channel_ref", "type", "status", "amount",
        "currency", "event_time", "customer_id", "card_fingerprint", "card_bin", "card_last4", "card_country",
        "device_id", "ip", "ip_country", "source", "callback_id", "original_channel_ref", "success", "reason"};
    private static final int EVENT_ID = 0;
    private static final int TRANSACTION_ID = 1;
    private static final int PAYMENT_ID = 2;
    private static final int PARENT_PAYMENT_ID = 3;
    private static final int MERCHANT_ID = 4;
    private static final int ACCOUNT_ID = 5;
    private static final int CHANNEL = 6;
    private static final int CHANNEL_REF = 7;
    private static final int PARENT_CHANNEL_REF = 8;
    private static final int TYPE = 9;
    private static final int STATUS = 10;
    private static final int AMOUNT = 11;
    private static final int CURRENCY = 12;
    private static final int EVENT_TIME = 13;
    private static final int CUSTOMER_ID = 14;
    private static final int SOURCE = 22;
    private static final int CALLBACK_ID = 23;
    private static final int ORIGINAL_CHANNEL_REF = 24;
    private static final int SUCCESS = 25;
    private static final int REASON = 26;
    /** The contract readers' REFERENCE_FIELDS: masked only when the digits carry a card scheme's prefix. */
    private static final boolean[] REFERENCE = new boolean[NAMES.length];
    private static final byte[][] NAME_BYTES = new byte[NAMES.length][];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
        for (int f : new int[] {EVENT_ID, CALLBACK_ID, TRANSACTION_ID, PAYMENT_ID, PARENT_PAYMENT_ID, CHANNEL_REF,
            ORIGINAL_CHANNEL_REF, PARENT_CHANNEL_REF}) {
            REFERENCE[f] = true;
        }
    }

    /** Jackson's limits in recon-core's reader: longer numbers (and strings) are refused there. */
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final int MAX_STRING_LENGTH = 1 << 20;

    private final String[] values = new String[NAMES.length];
    private final boolean[] present = new boolean[NAMES.length];
    /** Short values that repeat (channel, merchant, currency, status): one String per distinct value. */
    private final ShortValues shortValues = new ShortValues();
    private final Map<String, Currency> currencies = new HashMap<>();
    private final int[] unknownNames = new int[32];
    private int unknownCount;

    /** The payment event of the line, or null when the contract reader must decide (unusual shape or refused). */
    public PaymentEvent payment(byte[] line, SourceLocation source) {
        if (source == null || !scan(line)) {
            return null;
        }
        try {
            String eventId = required(EVENT_ID);
            String paymentId = required(PAYMENT_ID);
            String channel = required(CHANNEL);
            TransactionType type = enumValue(TYPE, TransactionType.class);
            TransactionStatus status = enumValue(STATUS, TransactionStatus.class);
            if (eventId == null || paymentId == null || channel == null || type == null || status == null) {
                return null;
            }
            Money amount = money(false);
            Instant eventTime = instant();
            if (amount == null || eventTime == null) {
                return null;
            }
            FraudFeatures features = FraudFeatures.NONE;
            for (int f = CUSTOMER_ID; f < CUSTOMER_ID + 8; f++) {
                if (optional(f) != null) {
                    features = new FraudFeatures(optional(CUSTOMER_ID), optional(CUSTOMER_ID + 1),
                            optional(CUSTOMER_ID + 2), optional(CUSTOMER_ID + 3), optional(CUSTOMER_ID + 4),
                            optional(CUSTOMER_ID + 5), optional(CUSTOMER_ID + 6), optional(CUSTOMER_ID + 7));
                    break;
                }
            }
            return new PaymentEvent(eventId, optional(TRANSACTION_ID), paymentId, optional(PARENT_PAYMENT_ID),
                    optional(MERCHANT_ID), optional(ACCOUNT_ID), channel, optional(CHANNEL_REF),
                    optional(PARENT_CHANNEL_REF), type, status, amount, eventTime, features, source);
        } catch (RuntimeException e) {
            return null; // whatever the record refuses, the contract reader refuses with its own words
        }
    }

    /** The callback of the line, or null when the contract reader must decide. */
    public ChannelCallback callback(byte[] line, SourceLocation source) {
        if (source == null || !scan(line)) {
            return null;
        }
        try {
            String callbackId = required(CALLBACK_ID);
            String channel = required(CHANNEL);
            String channelRef = required(CHANNEL_REF);
            CallbackStatus status = enumValue(STATUS, CallbackStatus.class);
            if (callbackId == null || channel == null || channelRef == null || status == null) {
                return null;
            }
            Money amount = money(true);
            Instant eventTime = instant();
            if (amount == null || eventTime == null) {
                return null;
            }
            Boolean success;
            String s = optional(SUCCESS);
            if (s == null) {
                success = null;
            } else if (s.equals("true")) {
                success = Boolean.TRUE;
            } else if (s.equals("false")) {
                success = Boolean.FALSE;
            } else {
                return null;
            }
            return new ChannelCallback(callbackId, channel, channelRef, optional(ORIGINAL_CHANNEL_REF),
                    optional(PAYMENT_ID), status, success != null ? success : status != CallbackStatus.FAILED,
                    optional(REASON), amount, eventTime, source);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The value as the contract readers see it: null when absent, JSON null or blank. */
    private String optional(int field) {
        String v = values[field];
        return v == null || v.isBlank() ? null : v;
    }

    private String required(int field) {
        return optional(field);
    }

    private <E extends Enum<E>> E enumValue(int field, Class<E> type) {
        String v = optional(field);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The contract readers' amount rules: a decimal (refused when negative unless allowed, or with
     * more non-zero decimals than the currency has), in an ISO 4217 currency with a minor unit.
     */
    private Money money(boolean allowNegative) {
        String text = optional(AMOUNT);
        String code = optional(CURRENCY);
        if (text == null || code == null) {
            return null;
        }
        Currency currency = currencies.get(code);
        if (currency == null) {
            try {
                currency = Money.currency(code);
            } catch (IllegalArgumentException e) {
                return null;
            }
            currencies.put(code, currency);
        }
        int exponent = Money.exponent(currency);
        long minor = plainMinorUnits(text, exponent);
        if (minor != Long.MIN_VALUE) {
            return minor < 0 && !allowNegative ? null : new Money(minor, currency);
        }
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            return null; // exponent forms are rare and can be costly: the contract reader decides
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if ((!allowNegative && value.signum() < 0) || value.stripTrailingZeros().scale() > exponent) {
            return null;
        }
        try {
            return Money.of(value, currency);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Minor units of {@code [-]digits[.digits]} with at most {@code exponent} decimals and at most
     * 18 digits in all (no overflow), else {@code Long.MIN_VALUE} (then BigDecimal decides). A
     * negative zero is 0, as BigDecimal gives.
     */
    static long plainMinorUnits(String text, int exponent) {
        int n = text.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && text.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        int intStart = i;
        long units = 0;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            units = units * 10 + (text.charAt(i) - '0');
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || intDigits + exponent > 18) { // at most 18 digits: no overflow
            return Long.MIN_VALUE;
        }
        int decimals = 0;
        if (i < n) {
            if (text.charAt(i) != '.') {
                return Long.MIN_VALUE;
            }
            i++;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                units = units * 10 + (text.charAt(i) - '0');
                decimals++;
                i++;
            }
            if (i < n || decimals == 0 || decimals > exponent) {
                return Long.MIN_VALUE;
            }
        }
        for (int d = decimals; d < exponent; d++) {
            units *= 10;
        }
        return negative ? -units : units;
    }

    /**
     * The common ISO-8601 shape digit by digit ({@link IsoInstant#fast}); null for any other
     * spelling (the contract reader decides: it also takes other ISO-8601 forms).
     */
    private Instant instant() {
        String v = optional(EVENT_TIME);
        return v == null ? null : IsoInstant.fast(v);
    }

    // ---- the line: one flat JSON object ----

    /** Fills the field table; false for anything but a flat object of plain scalar values. */
    private boolean scan(byte[] b) {
        if (b.length > MAX_STRING_LENGTH) {
            return false;
        }
        java.util.Arrays.fill(values, null);
        java.util.Arrays.fill(present, false);
        unknownCount = 0;
        int n = b.length;
        int i = skipSpace(b, 0);
        if (i >= n || b[i] != '{') {
            return false;
        }
        i = skipSpace(b, i + 1);
        if (i < n && b[i] == '}') {
            return skipSpace(b, i + 1) == n;
        }
        while (true) {
            if (i >= n || b[i] != '"') {
                return false;
            }
            int nameStart = i + 1;
            int nameEnd = plainStringEnd(b, nameStart);
            if (nameEnd < 0) {
                return false;
            }
            int field = field(b, nameStart, nameEnd - nameStart);
            if (field >= 0) {
                if (present[field]) {
                    return false; // given twice: the contract reader refuses it
                }
                present[field] = true;
            } else if (!rememberUnknown(b, nameStart, nameEnd)) {
                return false;
            }
            i = skipSpace(b, nameEnd + 1);
            if (i >= n || b[i] != ':') {
                return false;
            }
            i = skipSpace(b, i + 1);
            if (i >= n) {
                return false;
            }
            byte c = b[i];
            int end;
            String value;
            if (c == '"') {
                end = plainStringEnd(b, i + 1);
                if (end < 0) {
                    return false;
                }
                value = field < 0 ? null : text(b, i + 1, end, field);
                end++;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                end = numberEnd(b, i);
                if (end < 0) {
                    return false;
                }
                value = field < 0 ? null : text(b, i, end, field);
            } else if (matches(b, i, "true")) {
                end = i + 4;
                value = "true";
            } else if (matches(b, i, "false")) {
                end = i + 5;
                value = "false";
            } else if (matches(b, i, "null")) {
                end = i + 4;
                value = null;
            } else {
                return false; // nested object or array, or not JSON: the contract reader says which
            }
            if (field >= 0) {
                values[field] = value;
            }
            i = skipSpace(b, end);
            if (i >= n) {
                return false;
            }
            if (b[i] == '}') {
                return skipSpace(b, i + 1) == n;
            }
            if (b[i] != ',') {
                return false;
            }
            i = skipSpace(b, i + 1);
        }
    }

    /** Unknown names are ignored but must not repeat either; more than a few: let the contract reader judge. */
    private boolean rememberUnknown(byte[] b, int start, int end) {
        if (unknownCount == unknownNames.length / 2) {
            return false;
        }
        for (int k = 0; k < unknownCount; k++) {
            int s = unknownNames[2 * k];
            int e = unknownNames[2 * k + 1];
            if (java.util.Arrays.equals(b, s, e, b, start, end)) {
                return false;
            }
        }
        unknownNames[2 * unknownCount] = start;
        unknownNames[2 * unknownCount + 1] = end;
        unknownCount++;
        return true;
    }

    private static int skipSpace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean matches(byte[] b, int i, String word) {
        if (i + word.length() > b.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        // "trueX" is not a literal; the next byte must end the value
        int after = i + word.length();
        return after == b.length || b[after] == ',' || b[after] == '}' || b[after] == ' ' || b[after] == '\t'
                || b[after] == '\n' || b[after] == '\r';
    }

    /** Index of the closing quote of a string of printable ASCII without escapes, else -1. */
    private static int plainStringEnd(byte[] b, int i) {
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) { // escapes, control characters and non-ASCII (negative bytes)
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** End of a JSON number {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?} (no exponent), else -1. */
    private static int numberEnd(byte[] b, int i) {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= b.length || b[i] < '0' || b[i] > '9') {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else {
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        if (i < b.length && b[i] == '.') {
            i++;
            int f = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == f) {
                return -1;
            }
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9'))) {
            return -1;
        }
        return i - start > MAX_NUMBER_LENGTH ? -1 : i;
    }

    private static int field(byte[] b, int start, int length) {
        for (int f = 0; f < NAME_BYTES.length; f++) {
            byte[] name = NAME_BYTES[f];
            if (name.length == length && name[0] == b[start]
                    && java.util.Arrays.equals(name, 0, length, b, start, start + length)) {
                return f;
            }
        }
        return -1;
    }

    /** The value's text, masked as the contract readers mask it; short values shared between lines. */
    private String text(byte[] b, int start, int end, int field) {
        int length = end - start;
        String s;
        if (length <= 7) {
            long key = length;
            for (int k = start; k < end; k++) {
                key = (key << 8) | (b[k] & 0xFF);
            }
            return shortValues.text(key, b, start, length); // shorter than 13 characters: no card number to mask
        }
        s = new String(b, start, length, StandardCharsets.US_ASCII);
        return REFERENCE[field] ? CardNumberMasker.maskReference(s) : CardNumberMasker.mask(s);
    }

    /**
     * Values of up to seven bytes by their bytes packed into a long, the first 4,096 seen (channels,
     * currencies, statuses, short ids). Open addressing with a multiplicative hash: a
     * {@code HashMap<Long, String>} spread these packed keys badly ({@code Long.hashCode} folds the
     * length byte onto the text), its buckets turned into trees, and lookups were 2% of the job.
     */
    private static final class ShortValues {
        private static final int BITS = 13;
        private static final int LIMIT = 4096;
        /** key + 1 (a packed key is below 2^59), 0 for a free slot. */
        private final long[] keys = new long[1 << BITS];
        private final String[] values = new String[1 << BITS];
        private int size;

        String text(long key, byte[] b, int start, int length) {
            long stored = key + 1;
            int mask = keys.length - 1;
            for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - BITS)); ; i = (i + 1) & mask) {
                long k = keys[i];
                if (k == stored) {
                    return values[i];
                }
                if (k == 0) {
                    String s = new String(b, start, length, StandardCharsets.US_ASCII);
                    if (size < LIMIT) {
                        keys[i] = stored;
                        values[i] = s;
                        size++;
                    }
                    return s;
                }
            }
        }
    }
}
