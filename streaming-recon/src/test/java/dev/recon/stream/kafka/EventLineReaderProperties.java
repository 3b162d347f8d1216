package dev.recon.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.settlement.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EventLineReader} must read a line exactly as recon-core's contract readers do, or leave
 * it to them (null): never a different event, never an event for a line they refuse. Checked on
 * lines built from random field values (masking-relevant digit runs, amounts, timestamps with
 * offsets and fractions, spellings of enums and booleans, nulls and blanks, unknown, repeated and
 * nested fields) and on random byte mutations of those lines.
 */
class EventLineReaderProperties {

    private static final SourceLocation WHERE = SourceLocation.ofFile("/data/in.jsonl", 7);

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void paymentEventsReadAsTheContractReaderReadsThem(long seed) {
        Random r = new Random(seed);
        EventLineReader fast = new EventLineReader();
        int readFast = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] line = mutate(r, paymentLine(r));
            Object expected;
            try {
                expected = PaymentEventJson.read(line, WHERE);
            } catch (EventRejectedException e) {
                expected = null;
            }
            Object got = fast.payment(line, WHERE);
            if (got != null) {
                assertThat(got).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(expected);
                readFast++;
            }
        }
        assertThat(readFast).as("lines the fast path read (else this compares nothing)").isGreaterThan(20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void callbacksReadAsTheContractReaderReadsThem(long seed) {
        Random r = new Random(seed);
        EventLineReader fast = new EventLineReader();
        int readFast = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] line = mutate(r, callbackLine(r));
            Object expected;
            try {
                expected = ChannelCallbackJson.read(line, WHERE);
            } catch (EventRejectedException e) {
                expected = null;
            }
            Object got = fast.callback(line, WHERE);
            if (got != null) {
                assertThat(got).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(expected);
                readFast++;
            }
        }
        assertThat(readFast).as("lines the fast path read (else this compares nothing)").isGreaterThan(20);
    }

    /** The fast path is the point: the usual lines (as the producers and the benchmark write them) must take it. */
    @Test
    void theUsualLinesAreReadWithoutTheContractReaders() throws Exception {
        EventLineReader fast = new EventLineReader();
        byte[] payment = ("{\"event_id\":\"e-p0-0\",\"transaction_id\":\"p0\",\"payment_id\":\"p0\",\"parent_payment_id\":"
                + "null,\"merchant_id\":\"m-1\",\"account_id\":null,\"channel\":\"acq\",\"channel_ref\":\"PSP-0\",\"type\":"
                + "\"PAYMENT\",\"status\":\"SUCCEEDED\",\"amount\":\"10.00\",\"currency\":\"EUR\",\"event_time\":"
                + "\"2026-11-21T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        byte[] callback = ("{\"callback_id\":\"cb0\",\"channel\":\"acq\",\"channel_ref\":\"PSP-0\",\"original_channel_ref\":"
                + "null,\"payment_id\":\"p0\",\"status\":\"CAPTURED\",\"success\":true,\"reason\":null,\"amount\":\"10.00\","
                + "\"currency\":\"EUR\",\"event_time\":\"2026-11-21T10:01:00.250+01:00\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(fast.payment(payment, WHERE)).isNotNull().isEqualTo(PaymentEventJson.read(payment, WHERE));
        assertThat(fast.callback(callback, WHERE)).isNotNull().isEqualTo(ChannelCallbackJson.read(callback, WHERE));
    }

    @Test
    void minorUnitsOfPlainDecimals() {
        assertThat(EventLineReader.plainMinorUnits("10.5", 2)).isEqualTo(1050);
        assertThat(EventLineReader.plainMinorUnits("-0.00", 2)).isZero();
        assertThat(EventLineReader.plainMinorUnits("1000", 0)).isEqualTo(1000);
        assertThat(EventLineReader.plainMinorUnits("12.345", 3)).isEqualTo(12345);
        // left to BigDecimal: more decimals than the currency has, other spellings, too many digits
        assertThat(EventLineReader.plainMinorUnits("10.500", 2)).isEqualTo(Long.MIN_VALUE);
        assertThat(EventLineReader.plainMinorUnits("+10", 2)).isEqualTo(Long.MIN_VALUE);
        assertThat(EventLineReader.plainMinorUnits("1e3", 2)).isEqualTo(Long.MIN_VALUE);
        assertThat(EventLineReader.plainMinorUnits(".5", 2)).isEqualTo(Long.MIN_VALUE);
        assertThat(EventLineReader.plainMinorUnits("10.", 2)).isEqualTo(Long.MIN_VALUE);
        assertThat(EventLineReader.plainMinorUnits("9999999999999999999", 0)).isEqualTo(Long.MIN_VALUE);
    }

    // ---- generated lines ----

    private static final String[] REFS = {"PSP-0", "p17", "4111111111111111", "4111 1111 1111 1111", "8812345678901234",
        "1234567812345670", "", " ", "a\\\"b", "caf\u00e9", "x\u0001y", "e-p0-0"};
    private static final String[] AMOUNTS = {"10.00", "10.5", "0", "-3.20", "-0.00", "12.345", "10.500", "+7", "1e2",
        "12.3456", "999999999999999999", "99999999999999999999", "abc", " 5.00", "5.00 ", "00.10", ".5", "4111111111111111"};
    private static final String[] CURRENCIES = {"EUR", "JPY", "BHD", "eur", "XAU", "ZZZ", " EUR", "", "CLF"};
    private static final String[] TIMES = {"2026-11-21T10:00:00Z", "2026-11-21T10:00:00.5Z", "2026-11-21T10:00:00.123456789Z",
        "2026-11-21T10:00:00+01:00", "2026-11-21T10:00:00-05:30", "2026-11-21T10:00:00+18:00",
        "2026-03-29T01:30:00-18:00", "2026-11-21T10:00:00.1234567890Z", "2026-11-21T10:00:00+19:00", "2026-11-21T10:00Z", "2026-02-29T10:00:00Z",
        "2024-02-29T23:59:59Z", "2026-13-01T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T10:00:60Z",
        "2026-11-21 10:00:00Z", "2026-11-21T10:00:00", " 2026-11-21T10:00:00Z", "2026-11-21T10:00:00.Z",
        "0000-01-01T00:00:00Z", "2026-11-21T10:00:00+01:00:30", "2026-11-21T10:00:00z", "2026-11-21T10:00:00-00:00"};
    private static final String[] PAYMENT_TYPES = {"PAYMENT", "REFUND", "payment", " Refund ", "CHARGEBACK", "nope"};
    private static final String[] PAYMENT_STATUSES = {"SUCCEEDED", "FAILED", "AUTHORISED", "succeeded", "PENDING", "?"};
    private static final String[] CALLBACK_STATUSES = {"CAPTURED", "AUTHORISED", "FAILED", "REFUNDED", "CHARGEBACK",
        "CANCELLED", "captured", "SETTLED"};

    /** Three times in four one of the first values (each array starts with ones the contract accepts), else any. */
    private static String pick(Random r, String[] values) {
        return values[r.nextInt(r.nextInt(4) == 0 ? values.length : Math.min(4, values.length))];
    }

    /** A field as JSON: usually a string, sometimes a number, null, a literal, nested, or left out. */
    private static void field(Random r, List<String> fields, String name, String value) {
        int k = r.nextInt(120);
        if (k == 0) {
            return; // absent
        }
        String json;
        if (k == 1) {
            json = "null";
        } else if (k == 2) {
            json = "{\"a\":1}";
        } else if (k == 3) {
            json = "[1]";
        } else if (k < 12 && value.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?")) {
            json = value; // a JSON number
        } else if (k == 5) {
            json = "\"\"";
        } else {
            json = "\"" + value + "\"";
        }
        fields.add("\"" + name + "\"" + (r.nextInt(20) == 0 ? " : " : ":") + json);
        if (r.nextInt(60) == 0) {
            fields.add("\"" + name + "\":\"" + value + "\""); // given twice
        }
    }

    private static String join(Random r, List<String> fields) {
        if (r.nextInt(10) == 0) {
            fields.add(r.nextInt(fields.size() + 1), "\"extra_" + r.nextInt(3) + "\":" + (r.nextBoolean() ? "\"x\"" : "12"));
        }
        if (r.nextInt(20) == 0) {
            fields.add("\"extra_0\":\"again\"");
        }
        String sep = r.nextInt(10) == 0 ? ", " : ",";
        return (r.nextInt(15) == 0 ? " " : "") + "{" + String.join(sep, fields) + "}" + (r.nextInt(15) == 0 ? " \r" : "");
    }

    static String paymentLine(Random r) {
        List<String> f = new ArrayList<>();
        field(r, f, "event_id", r.nextBoolean() ? "e-" + r.nextInt(1000) : pick(r, REFS));
        if (r.nextBoolean()) {
            field(r, f, "transaction_id", pick(r, REFS));
        }
        field(r, f, "payment_id", r.nextBoolean() ? "p" + r.nextInt(1000) : pick(r, REFS));
        if (r.nextInt(4) == 0) {
            field(r, f, "parent_payment_id", pick(r, REFS));
        }
        field(r, f, "merchant_id", r.nextBoolean() ? "m-1" : pick(r, REFS));
        if (r.nextBoolean()) {
            field(r, f, "account_id", pick(r, REFS));
        }
        field(r, f, "channel", r.nextInt(5) == 0 ? pick(r, REFS) : r.nextBoolean() ? "acq" : "adyen");
        field(r, f, "channel_ref", pick(r, REFS));
        if (r.nextInt(5) == 0) {
            field(r, f, "parent_channel_ref", pick(r, REFS));
        }
        field(r, f, "type", pick(r, PAYMENT_TYPES));
        field(r, f, "status", pick(r, PAYMENT_STATUSES));
        field(r, f, "amount", pick(r, AMOUNTS));
        field(r, f, "currency", pick(r, CURRENCIES));
        field(r, f, "event_time", pick(r, TIMES));
        if (r.nextInt(3) == 0) {
            field(r, f, "customer_id", pick(r, REFS));
            field(r, f, "card_bin", "411111");
            field(r, f, "ip", "10.0.0." + r.nextInt(255));
        }
        if (r.nextInt(10) == 0) {
            field(r, f, "source", "other.jsonl:3");
        }
        if (r.nextInt(4) == 0) {
            java.util.Collections.shuffle(f, r);
        }
        return join(r, f);
    }

    static String callbackLine(Random r) {
        List<String> f = new ArrayList<>();
        field(r, f, "callback_id", r.nextBoolean() ? "cb" + r.nextInt(1000) : pick(r, REFS));
        field(r, f, "channel", r.nextInt(5) == 0 ? pick(r, REFS) : "acq");
        field(r, f, "channel_ref", pick(r, REFS));
        if (r.nextInt(3) == 0) {
            field(r, f, "original_channel_ref", pick(r, REFS));
        }
        if (r.nextBoolean()) {
            field(r, f, "payment_id", pick(r, REFS));
        }
        field(r, f, "status", pick(r, CALLBACK_STATUSES));
        int s = r.nextInt(8);
        if (s == 0) {
            f.add("\"success\":true");
        } else if (s == 1) {
            f.add("\"success\":false");
        } else if (s == 2) {
            field(r, f, "success", r.nextBoolean() ? "TRUE" : r.nextBoolean() ? "false" : "yes");
        } else if (s == 3) {
            f.add("\"success\":truex");
        }
        if (r.nextInt(3) == 0) {
            field(r, f, "reason", r.nextBoolean() ? "card 4111111111111111 declined" : "ok");
        }
        field(r, f, "amount", pick(r, AMOUNTS));
        field(r, f, "currency", pick(r, CURRENCIES));
        field(r, f, "event_time", pick(r, TIMES));
        if (r.nextInt(4) == 0) {
            java.util.Collections.shuffle(f, r);
        }
        return join(r, f);
    }

    /** Most lines as built; some with one byte changed, deleted or inserted, or cut short, or with trailing bytes. */
    static byte[] mutate(Random r, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int k = r.nextInt(6);
        if (k > 2 || b.length < 2) {
            return b;
        }
        int at = r.nextInt(b.length);
        // no 'e': an exponent inserted into a long digit run ("1e999999999") makes recon-core's own reader spend
        // minutes in BigDecimal (Money.of -> longValueExact); exponent forms are covered by AMOUNTS ("1e2")
        byte[] junk = {'"', ',', ':', '{', '}', '[', '\\', ' ', '0', '9', '-', '.', 'Z', (byte) 0xC3, 0x01};
        byte c = junk[r.nextInt(junk.length)];
        if (k == 0) {
            b[at] = c;
            return b;
        }
        if (k == 1) {
            byte[] out = new byte[b.length + 1];
            System.arraycopy(b, 0, out, 0, at);
            out[at] = c;
            System.arraycopy(b, at, out, at + 1, b.length - at);
            return out;
        }
        return r.nextBoolean() ? java.util.Arrays.copyOf(b, at)
                : (text + (r.nextBoolean() ? "{}" : "x")).getBytes(StandardCharsets.UTF_8);
    }
}
