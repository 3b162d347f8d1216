package dev.recon.core.event.json;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.settlement.SourceLocation;
import java.nio.charset.StandardCharsets;

/**
 * The {@code channel-callbacks} contract (DESIGN.md): one JSON object per line, read into a
 * {@link ChannelCallback} and written back.
 *
 * <p>Required: {@code callback_id, channel, channel_ref, status} (AUTHORISED, CAPTURED, REFUNDED,
 * FAILED, CHARGEBACK, CANCELLED), {@code amount} (decimal; the channel's sign is kept),
 * {@code currency}, {@code event_time}. Optional: {@code original_channel_ref, payment_id} (the
 * merchant reference, often absent), {@code reason}, {@code success} (when absent: false for
 * FAILED, true otherwise). Masking and the {@code source} field as in {@link PaymentEventJson}.
 */
public final class ChannelCallbackJson {

    private ChannelCallbackJson() {
    }

    public static ChannelCallback read(byte[] line, SourceLocation source) throws EventRejectedException {
        FlatJsonObject o = FlatJsonObject.parse(line);
        String callbackId = o.required("callback_id");
        String channel = o.required("channel");
        String channelRef = o.required("channel_ref");
        CallbackStatus status = o.requiredEnum("status", CallbackStatus.class);
        var amount = o.requiredMoney("amount", "currency", true);
        var eventTime = o.requiredInstant("event_time");
        Boolean success = o.optionalBoolean("success");
        SourceLocation where = source;
        if (where == null && o.optional("source") != null) {
            where = JsonWriting.parseSource(o.optional("source"));
        }
        return new ChannelCallback(callbackId, channel, channelRef, o.optional("original_channel_ref"),
                o.optional("payment_id"), status, success != null ? success : status != CallbackStatus.FAILED,
                o.optional("reason"), amount, eventTime, where);
    }

    public static ChannelCallback read(String line, SourceLocation source) throws EventRejectedException {
        return read(line.getBytes(StandardCharsets.UTF_8), source);
    }

    public static byte[] write(ChannelCallback c) {
        return write(c, false);
    }

    public static byte[] write(ChannelCallback c, boolean withSource) {
        return JsonWriting.object(g -> {
            g.writeStringField("callback_id", c.callbackId());
            g.writeStringField("channel", c.channel());
            JsonWriting.text(g, "channel_ref", c.channelRef(), true);
            JsonWriting.text(g, "original_channel_ref", c.originalChannelRef(), true);
            JsonWriting.text(g, "payment_id", c.paymentId(), true);
            g.writeStringField("status", c.status().name());
            g.writeBooleanField("success", c.success());
            JsonWriting.text(g, "reason", c.reason(), true);
            g.writeStringField("amount", c.amount().toDecimalString());
            g.writeStringField("currency", c.amount().currencyCode());
            g.writeStringField("event_time", c.eventTime().toString());
            if (withSource) {
                g.writeStringField("source", JsonWriting.sourceText(c.source()));
            }
        });
    }

    public static String writeString(ChannelCallback c) {
        return new String(write(c), StandardCharsets.UTF_8);
    }
}
