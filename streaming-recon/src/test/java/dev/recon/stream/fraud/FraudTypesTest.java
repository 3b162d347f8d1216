package dev.recon.stream.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.fraud.Dimension;
import dev.recon.fraud.RuleHit;
import dev.recon.stream.StreamFixtures;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The state serializers of the fraud stages write the payment event they carry. A state backend
 * that serializes on every access (RocksDB, the changelog) calls them for every record; the heap
 * backend only at checkpoints, which is how a serializer built without its event serializer went
 * unnoticed until the job ran on RocksDB.
 */
class FraudTypesTest {

    @Test
    void instantPartWithItsEventRoundTripsThroughTheStateSerializer() throws Exception {
        FraudPart part = new FraudPart("e-p1", StreamFixtures.payment("p1", "PSP-1", "12.34", 3), 3,
                List.of(new RuleHit("amount-high", 40, "amount above limit")));
        assertThat(roundTrip(FraudTypes.FRAUD_PART, part)).isEqualTo(part);
    }

    @Test
    void dimensionedEventRoundTripsThroughTheStateSerializer() throws Exception {
        DimensionedEvent d = new DimensionedEvent(Dimension.CUSTOMER, "c-1",
                StreamFixtures.payment("p2", "PSP-2", "0.01", 7));
        assertThat(roundTrip(FraudTypes.DIMENSIONED_EVENT, d)).isEqualTo(d);
    }

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws Exception {
        TypeSerializer<T> s = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
