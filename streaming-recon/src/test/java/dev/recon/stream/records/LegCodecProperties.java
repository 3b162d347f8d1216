package dev.recon.stream.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.FraudFeatures;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.time.Instant;
import java.util.Currency;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A leg decoded from {@link LegCodec}'s bytes equals the leg encoded (record equality: every
 * field, money by minor units and currency), on random legs with nulls, non-ASCII and empty text,
 * extreme amounts, times and line numbers; the quick id readers agree with a full decode; and the
 * memo of the thread's last leg never changes a leg's bytes.
 */
class LegCodecProperties {

    private static final String[] CURRENCIES = {"EUR", "JPY", "BHD", "USD"};

    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void paymentEventsRoundTrip(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            PaymentEvent e = payment(r);
            byte[] b = LegCodec.encode(e);
            assertThat(LegCodec.decodePayment(b)).isEqualTo(e);
            assertThat(LegCodec.eventId(b)).isEqualTo(e.eventId());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void resolvedCallbacksRoundTrip(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            ChannelCallback c = new ChannelCallback(text(r, false), text(r, false), text(r, true), text(r, true),
                    text(r, true), CallbackStatus.values()[r.nextInt(CallbackStatus.values().length)], r.nextBoolean(),
                    text(r, true), money(r), instant(r), source(r));
            ResolvedCallback rc = new ResolvedCallback(text(r, false), c, r.nextBoolean() ? 0L : r.nextLong());
            byte[] b = LegCodec.encode(rc);
            assertThat(LegCodec.decodeCallback(b)).isEqualTo(rc);
            assertThat(LegCodec.callbackId(b)).isEqualTo(c.callbackId());
            assertThat(LegCodec.decodeChannelCallback(LegCodec.encode(c))).isEqualTo(c);
        }
    }

    /**
     * The thread's last leg is encoded once: asking again for the same object gives the same array,
     * whose bytes are what a fresh encoding of an equal object gives; a decoded leg re-encodes as
     * the bytes it was read from (what the matching stage stores); another object is encoded anew.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void theLastLegIsEncodedOnceWithTheSameBytes(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 500; i++) {
            PaymentEvent e = payment(r);
            byte[] first = LegCodec.encode(e);
            assertThat(LegCodec.encode(e)).isSameAs(first);
            PaymentEvent copy = LegCodec.decodePayment(first.clone());
            assertThat(copy).isEqualTo(e).isNotSameAs(e);
            byte[] again = LegCodec.encode(copy);
            assertThat(again).isEqualTo(first);
            PaymentEvent other = payment(r);
            assertThat(LegCodec.encode(other)).isNotSameAs(again).isEqualTo(LegCodec.encode(LegCodec.decodePayment(
                    LegCodec.encode(other).clone())));
            ChannelCallback c = new ChannelCallback(text(r, false), text(r, false), text(r, true), text(r, true),
                    text(r, true), CallbackStatus.values()[r.nextInt(CallbackStatus.values().length)], r.nextBoolean(),
                    text(r, true), money(r), instant(r), source(r));
            ResolvedCallback rc = new ResolvedCallback(text(r, false), c, r.nextBoolean() ? 0L : r.nextLong());
            byte[] cb = LegCodec.encode(rc);
            assertThat(LegCodec.encode(rc)).isSameAs(cb);
            assertThat(LegCodec.encode(LegCodec.decodeCallback(cb.clone()))).isEqualTo(cb);
            byte[] plain = LegCodec.encode(c);
            assertThat(plain).isNotEqualTo(cb);
            assertThat(LegCodec.encode(LegCodec.decodeChannelCallback(plain.clone()))).isEqualTo(plain);
        }
    }

    @Test
    void theWireSerializersCarryLegsUnchangedBackToBack() throws Exception {
        Random r = new Random(7);
        var out = new org.apache.flink.core.memory.DataOutputSerializer(256);
        java.util.List<PaymentEvent> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            PaymentEvent e = payment(r);
            sent.add(e);
            new WireTypes.PaymentEventWireSerializer().serialize(e, out);
        }
        var in = new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer());
        for (PaymentEvent e : sent) {
            assertThat(new WireTypes.PaymentEventWireSerializer().deserialize(in)).isEqualTo(e);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void bytesOfAnotherFormatAreRefusedNotMisread() {
        byte[] b = LegCodec.encode(payment(new Random(1)));
        b[0] = 9;
        assertThatThrownBy(() -> LegCodec.decodePayment(b)).hasMessageContaining("unknown format 9");
        byte[] encoded = LegCodec.encode(payment(new Random(2)));
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 3);
        assertThatThrownBy(() -> LegCodec.decodePayment(longer)).hasMessageContaining("after its last field");
    }

    private static PaymentEvent payment(Random r) {
        FraudFeatures f = r.nextInt(3) == 0 ? FraudFeatures.NONE
                : new FraudFeatures(text(r, true), text(r, true), text(r, true), text(r, true), text(r, true),
                        text(r, true), text(r, true), text(r, true));
        return new PaymentEvent(text(r, false), text(r, true), text(r, false), text(r, true), text(r, true),
                text(r, true), text(r, false), text(r, true), text(r, true),
                TransactionType.values()[r.nextInt(TransactionType.values().length)],
                TransactionStatus.values()[r.nextInt(TransactionStatus.values().length)], money(r), instant(r), f,
                source(r));
    }

    private static Money money(Random r) {
        long minor = switch (r.nextInt(4)) {
            case 0 -> Long.MAX_VALUE;
            case 1 -> Long.MIN_VALUE + 1;
            case 2 -> r.nextInt(100_000);
            default -> r.nextLong();
        };
        return new Money(minor, Currency.getInstance(CURRENCIES[r.nextInt(CURRENCIES.length)]));
    }

    private static Instant instant(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000));
            case 1 -> Instant.ofEpochSecond(-r.nextInt(2_000_000_000), r.nextInt(1_000) * 1_000_000);
            default -> Instant.ofEpochMilli(1_790_000_000_000L + r.nextInt(100_000_000));
        };
    }

    private static SourceLocation source(Random r) {
        return new SourceLocation(text(r, false), r.nextBoolean() ? r.nextInt(1000) : r.nextLong());
    }

    /** Text of 0-80 chars: ASCII, Latin-1, other BMP, surrogate pairs; null when {@code nullable} allows. */
    private static String text(Random r, boolean nullable) {
        if (nullable && r.nextInt(4) == 0) {
            return null;
        }
        int n = r.nextInt(5) == 0 ? r.nextInt(200) : r.nextInt(20);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(10)) {
                case 0 -> sb.append((char) (0x80 + r.nextInt(0x80)));
                case 1 -> sb.append((char) (0x100 + r.nextInt(0xD000)));
                case 2 -> sb.appendCodePoint(0x1F300 + r.nextInt(200));
                default -> sb.append((char) (0x20 + r.nextInt(0x5F)));
            }
        }
        return sb.toString();
    }
}
