package dev.recon.core.match;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Compact builders for test records: one line per record keeps each test readable. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-18T10:00:00Z"); // a Wednesday
    static final LocalDate D0 = LocalDate.parse("2026-11-18");
    private static int line = 1;

    private Fixtures() {
    }

    static LedgerEntry payment(String id, String ref, String amount, String ccy) {
        return entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amount, ccy, T0);
    }

    static LedgerEntry refund(String id, String parentId, String ref, String parentRef, String amount, String ccy) {
        return entry(id, id, parentId, ref, parentRef, TransactionType.REFUND, TransactionStatus.SUCCEEDED, amount, ccy,
                T0.plusSeconds(3600));
    }

    static LedgerEntry entry(String txn, String paymentId, String parentId, String ref, String parentRef,
            TransactionType type, TransactionStatus status, String amount, String ccy, Instant created) {
        return new LedgerEntry(txn, paymentId, parentId, "m1", null, "adyen", ref, parentRef, type, status,
                Money.parse(amount, ccy), created, null, SourceLocation.ofFile("ledger.csv", line++));
    }

    static LedgerEntry withStatus(LedgerEntry e, TransactionStatus s) {
        return new LedgerEntry(e.transactionId(), e.paymentId(), e.parentPaymentId(), e.merchantId(),
                e.merchantAccount(), e.channel(), e.channelRef(), e.parentChannelRef(), e.type(), s, e.amount(),
                e.createdAt(), e.bookedAt(), e.source());
    }

    static LedgerEntry withType(LedgerEntry e, TransactionType t) {
        return new LedgerEntry(e.transactionId(), e.paymentId(), e.parentPaymentId(), e.merchantId(),
                e.merchantAccount(), e.channel(), e.channelRef(), e.parentChannelRef(), t, e.status(), e.amount(),
                e.createdAt(), e.bookedAt(), e.source());
    }

    static LedgerEntry at(LedgerEntry e, Instant created) {
        return new LedgerEntry(e.transactionId(), e.paymentId(), e.parentPaymentId(), e.merchantId(),
                e.merchantAccount(), e.channel(), e.channelRef(), e.parentChannelRef(), e.type(), e.status(), e.amount(),
                created, e.bookedAt(), e.source());
    }

    /** A settled payment line: gross in ccy, fee in ccy, net = gross - fee. */
    static SettlementRecord settled(String ref, String merchantRef, String gross, String fee, String ccy) {
        Money g = Money.parse(gross, ccy);
        Money f = Money.parse(fee, ccy);
        return new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, ref, null, merchantRef, "acct", g,
                g.minus(f), f.isZero() ? List.of() : List.of(new Fee(FeeKind.COMMISSION, f)), null, D0, null, null,
                "batch-1", null, SourceLocation.ofFile("settlement.csv", line++), null);
    }

    static SettlementRecord refunded(String parentRef, String modRef, String merchantRef, String gross, String ccy) {
        Money g = Money.parse(gross, ccy).negate();
        return new SettlementRecord("adyen", "Refunded", RecordCategory.REFUND, parentRef, modRef, merchantRef, "acct",
                g, g, List.of(), null, D0, null, null, "batch-1", null, SourceLocation.ofFile("settlement.csv", line++),
                null);
    }

    /** A line settled in another currency: no gross column, net and fee in the settlement currency. */
    static SettlementRecord settledFx(String ref, String net, String fee, String settleCcy, String rate) {
        Money n = Money.parse(net, settleCcy);
        Money f = Money.parse(fee, settleCcy);
        return new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, ref, null, null, "acct", null, n,
                f.isZero() ? List.of() : List.of(new Fee(FeeKind.COMMISSION, f)), new BigDecimal(rate), D0, null, null,
                "batch-1", null, SourceLocation.ofFile("settlement.csv", line++), null);
    }

    static SettlementRecord payout(String amount, String ccy) {
        Money n = Money.parse(amount, ccy).negate();
        return new SettlementRecord("adyen", "MerchantPayout", RecordCategory.PAYOUT, null, null, null, "acct", null, n,
                List.of(), null, D0, null, null, "batch-1", null, SourceLocation.ofFile("settlement.csv", line++), null);
    }

    static ChannelCallback callback(String id, String ref, String paymentId, CallbackStatus status, String amount,
            String ccy, Instant at) {
        return new ChannelCallback(id, "adyen", ref, null, paymentId, status, true, null, Money.parse(amount, ccy), at,
                SourceLocation.ofKafka("channel-callbacks", 0, line++));
    }
}
