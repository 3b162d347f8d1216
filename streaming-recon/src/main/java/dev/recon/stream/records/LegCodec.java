package dev.recon.stream.records;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.function.Function;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * One leg of a payment key (a payment event or a resolved callback) as one byte array: how the
 * matching stage keeps the legs it holds, in memory and in checkpoints (layout 2 of
 * {@code PaymentMatchState}).
 *
 * <p>Why: the file mode keeps every leg of a run until its end, and a decoded leg is about fifteen
 * objects (the record, its strings, money, instant, source); a million of them made the garbage
 * collector a third of the run's time. One array per leg is a fraction of the bytes and a single
 * object to trace; a key's few legs are decoded when it is decided. Checkpoints copy the arrays
 * instead of writing contract JSON for every open key every interval.
 *
 * <p>Format (stable: it is in checkpoints and savepoints; change it only with a new layout
 * number there): a format byte (1), then the fields in record order. Strings: a varint of UTF-8
 * length + 1 (0 = null), then the bytes; enums by name, so reordering an enum in recon-core cannot
 * change what a restored leg means; longs and ints as zig-zag varints; money as minor units and
 * currency code; an instant as epoch seconds and nanos.
 */
public final class LegCodec {

    private static final byte FORMAT = 1;

    /**
     * The last leg this thread encoded or decoded, with its bytes. A payment event leaves its source
     * on three edges (matching, reference resolution, fraud), each serialising the same record
     * object, and the matching stage stores the leg it has just read off the network in its state
     * as these same bytes: asking again for the same object (identity, never equality) gives the
     * bytes of the first time instead of encoding it again. Legs are immutable records, so the
     * bytes of an object cannot change; callers must never change a returned array (none does: the
     * arrays are written out or kept in state as they are).
     */
    private static final class LastLeg {
        private static final ThreadLocal<LastLeg> OF_THREAD = ThreadLocal.withInitial(LastLeg::new);
        private Object leg;
        private byte[] bytes;

        static byte[] bytesOf(Object leg) {
            LastLeg last = OF_THREAD.get();
            return last.leg == leg ? last.bytes : null;
        }

        /** The bytes of {@code leg}: those of the first time when it is the thread's last leg, else {@code encoder}'s. */
        static <T> byte[] encodeOnce(T leg, Function<T, byte[]> encoder) {
            byte[] known = bytesOf(leg);
            if (known != null) {
                return known;
            }
            byte[] b = encoder.apply(leg);
            remember(leg, b);
            return b;
        }

        static <T> T remember(T leg, byte[] bytes) {
            LastLeg last = OF_THREAD.get();
            last.leg = leg;
            last.bytes = bytes;
            return leg;
        }
    }

    private LegCodec() {
    }

    /** The event's bytes; the same array for the object this thread last encoded or decoded. Do not change it. */
    public static byte[] encode(PaymentEvent e) {
        return LastLeg.encodeOnce(e, LegCodec::encodeEvent);
    }

    private static byte[] encodeEvent(PaymentEvent e) {
        Writer w = new Writer(192);
        w.buf[w.pos++] = FORMAT;
        w.string(e.eventId());
        w.string(e.transactionId());
        w.string(e.paymentId());
        w.string(e.parentPaymentId());
        w.string(e.merchantId());
        w.string(e.accountId());
        w.string(e.channel());
        w.string(e.channelRef());
        w.string(e.parentChannelRef());
        w.string(e.type().name());
        w.string(e.status().name());
        w.money(e.amount());
        w.instant(e.eventTime());
        FraudFeatures f = e.features();
        if (f.equals(FraudFeatures.NONE)) {
            w.varint(0);
        } else {
            w.varint(1);
            w.string(f.customerId());
            w.string(f.cardFingerprint());
            w.string(f.cardBin());
            w.string(f.cardLast4());
            w.string(f.cardCountry());
            w.string(f.deviceId());
            w.string(f.ip());
            w.string(f.ipCountry());
        }
        w.source(e.source());
        return w.bytes();
    }

    public static PaymentEvent decodePayment(byte[] b) {
        Reader r = new Reader(b);
        String eventId = r.string();
        String transactionId = r.string();
        String paymentId = r.string();
        String parentPaymentId = r.string();
        String merchantId = r.string();
        String accountId = r.string();
        String channel = r.string();
        String channelRef = r.string();
        String parentChannelRef = r.string();
        TransactionType type = TransactionType.valueOf(r.string());
        TransactionStatus status = TransactionStatus.valueOf(r.string());
        Money amount = r.money();
        Instant eventTime = r.instant();
        FraudFeatures features = r.varint() == 0 ? FraudFeatures.NONE
                : new FraudFeatures(r.string(), r.string(), r.string(), r.string(), r.string(), r.string(),
                        r.string(), r.string());
        SourceLocation source = r.source();
        r.end();
        return LastLeg.remember(new PaymentEvent(eventId, transactionId, paymentId, parentPaymentId, merchantId,
                accountId, channel, channelRef, parentChannelRef, type, status, amount, eventTime, features, source), b);
    }

    /** As {@link #encode(PaymentEvent)}: do not change the array. */
    public static byte[] encode(ResolvedCallback rc) {
        return LastLeg.encodeOnce(rc, LegCodec::encodeResolved);
    }

    private static byte[] encodeResolved(ResolvedCallback rc) {
        Writer w = new Writer(160);
        w.buf[w.pos++] = FORMAT;
        w.string(rc.key());
        w.varlong(rc.reportedVersion());
        w.callback(rc.callback());
        return w.bytes();
    }

    /** A callback on its own (between operators); {@link #decodeChannelCallback} reads it. Do not change the array. */
    public static byte[] encode(ChannelCallback c) {
        return LastLeg.encodeOnce(c, LegCodec::encodeCallback);
    }

    private static byte[] encodeCallback(ChannelCallback c) {
        Writer w = new Writer(128);
        w.buf[w.pos++] = FORMAT;
        w.callback(c);
        return w.bytes();
    }

    public static ChannelCallback decodeChannelCallback(byte[] b) {
        Reader r = new Reader(b);
        ChannelCallback c = r.callback();
        r.end();
        return LastLeg.remember(c, b);
    }

    public static ResolvedCallback decodeCallback(byte[] b) {
        Reader r = new Reader(b);
        String key = r.string();
        long reported = r.varlong();
        ChannelCallback c = r.callback();
        r.end();
        return LastLeg.remember(new ResolvedCallback(key, c, reported), b);
    }

    /** The callback id of an encoded callback, read without decoding the rest (redelivery check). */
    public static String callbackId(byte[] b) {
        Reader r = new Reader(b);
        r.skipString();
        r.varlong();
        return r.string();
    }

    /** The event id of an encoded payment event (the first field), without decoding the rest. */
    public static String eventId(byte[] b) {
        return new Reader(b).string();
    }

    /**
     * Writes one encoded leg framed by its length: how legs cross an edge between operators (one
     * array write instead of a call per field; {@code StringValue} looked up thread-local buffers
     * for every string, 3-4% of the matching stage) and how the matching state's layout 2 stores
     * them. Stable, as the leg format: it is in checkpoints and savepoints.
     */
    public static void writeFramed(DataOutputView out, byte[] leg) throws IOException {
        out.writeInt(leg.length);
        out.write(leg);
    }

    /** Reads a leg written by {@link #writeFramed}. */
    public static byte[] readFramed(DataInputView in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    private static final class Writer {
        byte[] buf;
        int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void varlong(long v) {
            long z = (v << 1) ^ (v >> 63);
            ensure(10);
            while ((z & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[pos++] = (byte) z;
        }

        void varint(int v) {
            varlong(v);
        }

        void string(String s) {
            if (s == null) {
                varlong(0);
                return;
            }
            // ASCII (nearly every field) in one pass: copied as it is checked, and the length written
            // first (ASCII: as many bytes as chars) is taken back at the first other character. Checking
            // first and copying after read every character twice; each read is a call under the client compiler.
            int n = s.length();
            int start = pos;
            varlong(n + 1L);
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    pos = start;
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    varlong(utf8.length + 1L);
                    ensure(utf8.length);
                    System.arraycopy(utf8, 0, buf, pos, utf8.length);
                    pos += utf8.length;
                    return;
                }
                buf[pos++] = (byte) c;
            }
        }

        void money(Money m) {
            varlong(m.minorUnits());
            string(m.currencyCode());
        }

        void instant(Instant t) {
            varlong(t.getEpochSecond());
            varlong(t.getNano());
        }

        void source(SourceLocation s) {
            string(s.origin());
            varlong(s.line());
        }

        void callback(ChannelCallback c) {
            string(c.callbackId());
            string(c.channel());
            string(c.channelRef());
            string(c.originalChannelRef());
            string(c.paymentId());
            string(c.status().name());
            varint(c.success() ? 1 : 0);
            string(c.reason());
            money(c.amount());
            instant(c.eventTime());
            source(c.source());
        }
    }

    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
            if (buf.length == 0 || buf[0] != FORMAT) {
                throw new IllegalStateException("a leg of the matching state in an unknown format "
                        + (buf.length == 0 ? "(empty)" : Byte.toString(buf[0])));
            }
            this.pos = 1;
        }

        long varlong() {
            long z = 0;
            int shift = 0;
            while (true) {
                byte b = buf[pos++];
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
                shift += 7;
            }
            return (z >>> 1) ^ -(z & 1);
        }

        int varint() {
            return Math.toIntExact(varlong());
        }

        String string() {
            int n = Math.toIntExact(varlong()) - 1;
            if (n < 0) {
                return null;
            }
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void skipString() {
            int n = Math.toIntExact(varlong()) - 1;
            pos += Math.max(n, 0);
        }

        Money money() {
            long minor = varlong();
            return new Money(minor, Currency.getInstance(string()));
        }

        Instant instant() {
            long seconds = varlong();
            return Instant.ofEpochSecond(seconds, varint());
        }

        SourceLocation source() {
            return new SourceLocation(string(), varlong());
        }

        ChannelCallback callback() {
            return new ChannelCallback(string(), string(), string(), string(), string(),
                    CallbackStatus.valueOf(string()), varint() != 0, string(), money(), instant(), source());
        }

        void end() {
            if (pos != buf.length) {
                throw new IllegalStateException("a leg of the matching state has " + (buf.length - pos)
                        + " bytes after its last field");
            }
        }
    }
}
