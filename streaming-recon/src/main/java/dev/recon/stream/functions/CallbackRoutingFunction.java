package dev.recon.stream.functions;

import dev.recon.core.event.ChannelCallback;
import dev.recon.stream.records.WireTypes;
import dev.recon.stream.records.ResolvedCallback;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends a callback that names its payment straight to the payment key, and every other callback
 * to the {@link #NEEDS_RESOLUTION} side output for {@link CallbackResolutionFunction}
 * (see {@link StreamKeys#needsResolution}).
 */
public final class CallbackRoutingFunction extends ProcessFunction<ChannelCallback, ResolvedCallback> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<ChannelCallback> NEEDS_RESOLUTION =
            new OutputTag<>("needs-resolution", WireTypes.CHANNEL_CALLBACK);

    @Override
    public void processElement(ChannelCallback c, Context ctx, Collector<ResolvedCallback> out) {
        if (StreamKeys.needsResolution(c)) {
            ctx.output(NEEDS_RESOLUTION, c);
        } else {
            out.collect(new ResolvedCallback("p:" + c.paymentId(), c, 0L));
        }
    }
}
