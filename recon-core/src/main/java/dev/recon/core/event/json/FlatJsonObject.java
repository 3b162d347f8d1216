package dev.recon.core.event.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.recon.core.money.Money;
import dev.recon.core.security.CardNumberMasker;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One event line read as a flat JSON object of scalar values, with every string value passed
 * through {@link CardNumberMasker} on arrival, so no later stage (state, results, dead letters,
 * logs) can see a full card number. Reference fields (the keys the legs match on) are masked only
 * when the digits also carry a card scheme's prefix: see {@link #REFERENCE_FIELDS}.
 *
 * <p>Assumptions: the contracts are flat; unknown fields are ignored (producers may add fields),
 * but a nested object or array where a known field is expected is refused, and so is a field given
 * twice (which value would be meant is ambiguous). Numbers are kept as their exact source text.
 */
final class FlatJsonObject {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).maxNumberLength(64).build())
            .build();

    /**
     * Keys the legs are matched on: masked only when a Luhn-valid run also has a card scheme's
     * prefix ({@link CardNumberMasker#maskReference}), so a 16-digit PSP reference stays intact.
     */
    private static final Set<String> REFERENCE_FIELDS = Set.of("event_id", "callback_id", "transaction_id",
            "payment_id", "parent_payment_id", "channel_ref", "original_channel_ref", "parent_channel_ref");

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> present = new HashSet<>();
    private final Set<String> nested = new HashSet<>();

    private FlatJsonObject() {
    }

    static FlatJsonObject parse(byte[] line) throws EventRejectedException {
        return parse(line, true);
    }

    /**
     * {@code maskCardNumbers=false} is only for reading back our own output (results), which was
     * masked on arrival: there a 13-digit version (an epoch-millisecond time) can pass the Luhn
     * check and must stay a number.
     */
    static FlatJsonObject parse(byte[] line, boolean maskCardNumbers) throws EventRejectedException {
        FlatJsonObject o = new FlatJsonObject();
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EventRejectedException(RejectionReason.UNPARSABLE_JSON, null, "not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!o.present.add(name)) {
                    throw new EventRejectedException(RejectionReason.INVALID_FIELD, name, "field '" + name
                            + "' appears twice");
                }
                switch (v) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> o.values.put(name,
                            !maskCardNumbers ? p.getText()
                                    : REFERENCE_FIELDS.contains(name) ? CardNumberMasker.maskReference(p.getText())
                                    : CardNumberMasker.mask(p.getText()));
                    case VALUE_TRUE -> o.values.put(name, "true");
                    case VALUE_FALSE -> o.values.put(name, "false");
                    case VALUE_NULL -> o.values.put(name, null);
                    case START_OBJECT, START_ARRAY -> {
                        p.skipChildren();
                        o.nested.add(name);
                    }
                    default -> throw new EventRejectedException(RejectionReason.UNPARSABLE_JSON, name,
                            "unexpected " + v + " as the value of '" + name + "'");
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new EventRejectedException(RejectionReason.UNPARSABLE_JSON, null, "the JSON object is not closed");
            }
            if (p.nextToken() != null) {
                throw new EventRejectedException(RejectionReason.UNPARSABLE_JSON, null,
                        "more than one JSON value on the line");
            }
        } catch (JsonProcessingException e) {
            throw new EventRejectedException(RejectionReason.UNPARSABLE_JSON, null,
                    CardNumberMasker.mask(firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new EventRejectedException(RejectionReason.UNPARSABLE_JSON, null, "cannot read: " + e.getMessage());
        }
        return o;
    }

    boolean has(String field) {
        return values.get(field) != null;
    }

    /** The value, or null when absent, JSON null or blank. */
    String optional(String field) throws EventRejectedException {
        if (nested.contains(field)) {
            throw new EventRejectedException(RejectionReason.INVALID_FIELD, field, "'" + field
                    + "' must be a single value, not an object or array");
        }
        String v = values.get(field);
        return v == null || v.isBlank() ? null : v;
    }

    String required(String field) throws EventRejectedException {
        String v = optional(field);
        if (v == null) {
            throw new EventRejectedException(RejectionReason.MISSING_FIELD, field, "required field '" + field
                    + "' is " + (present.contains(field) ? "empty" : "missing"));
        }
        return v;
    }

    <E extends Enum<E>> E requiredEnum(String field, Class<E> type) throws EventRejectedException {
        String v = required(field);
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException(RejectionReason.INVALID_FIELD, field, "'" + field + "' is '" + v
                    + "', expected one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    Boolean optionalBoolean(String field) throws EventRejectedException {
        String v = optional(field);
        if (v == null) {
            return null;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new EventRejectedException(RejectionReason.INVALID_FIELD, field, "'" + field + "' is '"
                    + v + "', expected true or false");
        };
    }

    Instant requiredInstant(String field) throws EventRejectedException {
        String v = required(field);
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventRejectedException(RejectionReason.INVALID_FIELD, field, "'" + field + "' is '" + v
                    + "', expected an ISO-8601 timestamp with offset (2026-11-21T10:15:30Z)");
        }
    }

    Currency requiredCurrency(String field) throws EventRejectedException {
        String v = required(field);
        try {
            return Money.currency(v);
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException(RejectionReason.UNKNOWN_CURRENCY, field, e.getMessage());
        }
    }

    /** An exact amount in major units; more decimals than the currency has (unless zeros) is refused. */
    Money requiredMoney(String amountField, String currencyField, boolean allowNegative)
            throws EventRejectedException {
        String text = required(amountField);
        Currency currency = requiredCurrency(currencyField);
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new EventRejectedException(RejectionReason.INVALID_AMOUNT, amountField, "'" + amountField + "' is '"
                    + text + "', not a decimal number");
        }
        if (!allowNegative && value.signum() < 0) {
            throw new EventRejectedException(RejectionReason.INVALID_AMOUNT, amountField, "'" + amountField + "' is "
                    + text + ": must not be negative (the direction follows from the type)");
        }
        int exponent = Money.exponent(currency);
        if (value.stripTrailingZeros().scale() > exponent) {
            throw new EventRejectedException(RejectionReason.AMOUNT_PRECISION, amountField, "'" + amountField + "' is "
                    + text + ": more than " + exponent + " decimal places for " + currency.getCurrencyCode());
        }
        try {
            return Money.of(value, currency);
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException(RejectionReason.INVALID_AMOUNT, amountField, "'" + amountField + "' is "
                    + text + ": too large");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
