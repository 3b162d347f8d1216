package dev.recon.sink.clickhouse;

import dev.recon.sink.row.ChannelCallbackRow;
import java.util.List;

/** {@code channel_callbacks}: the channel's notifications as received; see V001__core_tables.sql. */
public final class ChannelCallbacksTable implements ClickHouseTable<ChannelCallbackRow> {

    public static final ChannelCallbacksTable INSTANCE = new ChannelCallbacksTable();

    private static final List<String> COLUMNS = List.of("callback_id", "channel", "channel_ref",
            "original_channel_ref", "payment_id", "status", "success", "reason", "amount_minor", "currency",
            "currency_exponent", "event_time", "source");

    @Override
    public String name() {
        return "channel_callbacks";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void encode(ChannelCallbackRow r, RowBinaryOutput out) {
        out.writeString(r.callbackId());
        out.writeString(r.channel());
        out.writeString(r.channelRef());
        out.writeString(r.originalChannelRef());
        out.writeString(r.paymentId());
        out.writeString(r.status());
        out.writeBool(r.success());
        out.writeString(r.reason());
        out.writeNullableInt64(r.amountMinor());
        out.writeString(r.currency());
        out.writeUInt8(r.currencyExponent());
        out.writeDateTime64Millis(r.eventTime());
        out.writeString(r.source());
    }
}
