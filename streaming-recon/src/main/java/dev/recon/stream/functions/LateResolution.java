package dev.recon.stream.functions;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.match.ChannelLeg;
import dev.recon.core.match.LegExpectation;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;

/**
 * The rows that close an earlier break when the missing leg arrives late. A ledger entry's row
 * keeps its recon_id and only needs a note; a callback that was reported MISSING_INTERNAL on its
 * own (a row the engine no longer produces once the callback is matched) gets a closing MATCHED
 * version of that row, so nobody is left looking at a break that no longer exists.
 */
final class LateResolution {

    static final String RULE = "resolved_late";

    private LateResolution() {
    }

    /** The entry's row, noting which break it replaces. */
    static ReconResult annotate(ReconResult r, String previousBreak) {
        String detail = (r.detail() == null || r.detail().isEmpty() ? "" : r.detail() + "; ")
                + "resolved late: replaces an earlier " + previousBreak + " break";
        return new ReconResult(r.reconId(), r.version(), r.mode(), r.channel(), r.businessDate(), r.status(),
                r.breakType(), r.type(), r.merchantId(), r.paymentId(), r.transactionId(), r.channelRef(),
                r.internalStatus(), r.channelStatus(), r.internalAmount(), r.channelAmount(), r.currency(),
                r.difference(), r.gross(), r.fee(), r.net(), r.fxRate(), r.payoutBatch(), r.matchGroupId(),
                r.ageDays(), r.rule(), detail, r.source(), r.configVersion(), r.nearMiss(), r.expectedDate(),
                r.channelRecords(), r.internalRecord());
    }

    /**
     * The closing version of a channel record's own row. {@code channelRecords} is 0: the entry's
     * row it matched now accounts for the record, so counts still balance.
     */
    static ReconResult closeLegRow(String reconId, ChannelLeg leg, ReconConfig config, long version,
            String paymentKey) {
        ChannelConfig c = config.channel(leg.channel());
        var amount = leg.comparableAmount(c.comparison());
        return new ReconResult(reconId, version, ReconMode.STREAM, leg.channel(), leg.date(c.calendar().zone()),
                ResultStatus.MATCHED, null, LegExpectation.typeNameOf(leg.category()), null, leg.merchantRef(), null,
                leg.ownRef(), null, leg.recordType(), null, amount, amount.currencyCode(), null, leg.gross(),
                leg.fees(), leg.net(), leg.fxRate(), leg.payoutBatch(), null, 0, RULE,
                "resolved late: callback " + leg.deliveryId() + " " + leg.recordType() + " " + leg.ownRef()
                        + " now matches a ledger entry of payment " + paymentKey.substring(2)
                        + " (see that entry's row)", leg.source(), config.version(), null, null, 0, false);
    }
}
