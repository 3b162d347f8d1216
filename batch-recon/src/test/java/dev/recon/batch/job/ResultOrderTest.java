package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The merge of results and exact pairs compares a result's recon_id as two longs when it is a UUID's
 * text: that must read the UUID back and order exactly as the text does; any other text is refused
 * (and then compared as text).
 */
class ResultOrderTest {

    @Test
    void uuidTextReadsBackAndOrdersAsText() {
        Random rnd = new Random(Long.getLong("recon.seed", 7L));
        long[] a = new long[2];
        long[] b = new long[2];
        for (int k = 0; k < 200_000; k++) {
            UUID x = k % 3 == 0 ? UUID.nameUUIDFromBytes(Long.toString(rnd.nextLong()).getBytes())
                    : new UUID(rnd.nextLong() >>> rnd.nextInt(64), rnd.nextLong());
            UUID y = k % 5 == 0 ? new UUID(x.getMostSignificantBits(), rnd.nextLong()) : new UUID(rnd.nextLong(), rnd.nextLong());
            assertThat(ResultOrder.parse(x.toString(), a)).isTrue();
            assertThat(ResultOrder.parse(y.toString(), b)).isTrue();
            assertThat(new UUID(a[0], a[1])).isEqualTo(x);
            int c = Long.compareUnsigned(a[0], b[0]);
            c = c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
            assertThat(Integer.signum(c)).as("%s vs %s", x, y).isEqualTo(Integer.signum(x.toString().compareTo(y.toString())));
        }
    }

    @Test
    void otherTextIsNotReadAsUuid() {
        long[] out = new long[2];
        String id = UUID.randomUUID().toString();
        assertThat(ResultOrder.parse("ABCDEF00-0000-0000-0000-000000000000", out)).isFalse();
        assertThat(ResultOrder.parse(id.replace('-', '_'), out)).isFalse();
        assertThat(ResultOrder.parse(id + "0", out)).isFalse();
        assertThat(ResultOrder.parse("payout:adyen:1128:EUR", out)).isFalse();
        assertThat(ResultOrder.parse(null, out)).isFalse();
        assertThat(ResultOrder.parse("0000000g-0000-0000-0000-000000000000", out)).isFalse();
    }
}
