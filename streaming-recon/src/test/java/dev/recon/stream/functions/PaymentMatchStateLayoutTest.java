package dev.recon.stream.functions;

import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.payment;
import static dev.recon.stream.StreamFixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.event.CallbackStatus;
import dev.recon.stream.records.ResolvedCallback;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link PaymentMatchState}'s checkpoint layouts: a value written in layout 1 (legs as contract
 * JSON, what checkpoints and savepoints before layout 2 hold) is read back with the same legs,
 * signatures, version and timers, and then written in layout 2 and read back unchanged.
 */
class PaymentMatchStateLayoutTest {

    private final PaymentMatchState.Serializer serializer = new PaymentMatchState.Serializer();

    private static PaymentMatchState sample() {
        PaymentMatchState s = new PaymentMatchState();
        s.add(payment("p1", "PSP-p1", "10.00", 0));
        s.add(refund("r1", "p1", "PSP-r1", "4.50", 3));
        s.add(new ResolvedCallback("p:p1", callback("cb-1", "PSP-p1", "p1", CallbackStatus.CAPTURED, "10.00", 1), 0L));
        s.add(new ResolvedCallback("p:p1", callback("cb-2", "PSP-r1", null, CallbackStatus.REFUNDED, "4.50", 4),
                1_790_000_000_000L));
        s.emit("recon-1", "MATCHED||SUCCEEDED|CAPTURED|10.00 EUR|10.00 EUR");
        s.emit("recon-2", "RESOLVED");
        s.lastVersion = 42L;
        s.decisionTimer = 1_790_000_900_000L;
        s.cleanupTimer = 1_790_004_500_000L;
        return s;
    }

    private static void assertSame(PaymentMatchState actual, PaymentMatchState expected) {
        assertThat(actual.decodeEvents()).isEqualTo(expected.decodeEvents());
        assertThat(actual.decodeCallbacks()).isEqualTo(expected.decodeCallbacks());
        assertThat(actual.emittedRows()).isEqualTo(expected.emittedRows());
        assertThat(actual.lastVersion).isEqualTo(expected.lastVersion);
        assertThat(actual.decisionTimer).isEqualTo(expected.decisionTimer);
        assertThat(actual.cleanupTimer).isEqualTo(expected.cleanupTimer);
    }

    @Test
    void layoutOneIsRestoredAndWrittenAgainAsLayoutTwo() throws Exception {
        PaymentMatchState original = sample();
        DataOutputSerializer out = new DataOutputSerializer(256);
        PaymentMatchState.Serializer.serializeLayout1(original, out);
        PaymentMatchState restored = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertSame(restored, original);

        DataOutputSerializer again = new DataOutputSerializer(256);
        serializer.serialize(restored, again);
        byte[] layout2 = again.getCopyOfBuffer();
        assertThat(layout2[0]).isEqualTo((byte) 2);
        assertSame(serializer.deserialize(new DataInputDeserializer(layout2)), original);
    }

    @Test
    void anEmptyValueRoundTripsAndAnUnknownLayoutIsRefused() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(new PaymentMatchState(), out);
        assertSame(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())), new PaymentMatchState());
        byte[] b = out.getCopyOfBuffer();
        b[0] = 3;
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(b)))
                .hasMessageContaining("layout 3 is unknown");
    }

    @Test
    void copiesAreIndependentOfTheOriginal() {
        PaymentMatchState s = sample();
        PaymentMatchState c = serializer.copy(s);
        s.add(payment("p2", "PSP-p2", "1.00", 5));
        s.emit("recon-3", "x");
        s.emit("recon-1", "y");
        s.lastVersion = 43L;
        assertSame(c, sample());
    }
}
