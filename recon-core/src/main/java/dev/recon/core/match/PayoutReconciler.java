package dev.recon.core.match;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Leg 4: each channel payout batch against the bank statement credit it should have produced.
 *
 * <p>Linking, in order: the bank entries in the payout's currency whose reference, merchant
 * reference or description contains the payout batch id (several entries are summed: a bank may
 * book one payout as several entries); else one such entry in another currency (a mismatch); else
 * one with the same absolute amount and currency booked between the payout date and
 * {@code date_window_days} later. A linked pair whose amounts differ beyond the
 * channel's tolerance is PAYOUT_MISMATCH; a payout with no bank entry is PENDING until the
 * business day after its payout date (one business day lag on the channel calendar), then
 * MISSING_PAYOUT. Bank entries that no payout claims are returned, not reported as breaks: an
 * account receives other credits too.
 *
 * <p>Row fields: {@code internal_amount} is the payout the channel reported (what we expect in
 * the bank), {@code channel_amount} the bank credit, {@code difference = bank - payout};
 * {@code recon_id} is keyed on the payout batch id (or the payout line's natural key).
 */
public final class PayoutReconciler {

    private PayoutReconciler() {
    }

    /** Payout rows plus the bank entries no payout claimed. */
    public record PayoutOutcome(List<ReconResult> results, List<SettlementRecord> unclaimedBankEntries) {
    }

    public static PayoutOutcome reconcile(List<SettlementRecord> payouts, List<SettlementRecord> bankEntries,
            ReconContext ctx) {
        List<SettlementRecord> ps = new ArrayList<>();
        for (SettlementRecord p : payouts) {
            if (p.category() == RecordCategory.PAYOUT) {
                ps.add(p);
            }
        }
        ps.sort(Comparator.comparing((SettlementRecord r) -> String.valueOf(r.payoutBatch()))
                .thenComparing(r -> r.source().toString()));
        List<SettlementRecord> bank = new ArrayList<>(bankEntries);
        bank.sort(Comparator.comparing(r -> r.source().toString()));
        boolean[] claimed = new boolean[bank.size()];
        List<ReconResult> results = new ArrayList<>();
        for (SettlementRecord p : ps) {
            ChannelConfig cfg = ctx.config().channel(p.channel());
            List<Integer> hits = new ArrayList<>();
            String how = null;
            String batch = p.payoutBatch();
            Money expected = p.net().abs();
            if (batch != null && !batch.isBlank()) {
                // Every credit naming the batch in the payout's currency: a bank may book one payout
                // as several entries (a camt batch booking's TxDtls, or a transfer split by the
                // channel), so the payout is compared with their sum. A batch paid out in several
                // currencies names the same batch on each currency's credit; currency keeps them apart.
                String needle = batch.toLowerCase(Locale.ROOT);
                for (int i = 0; i < bank.size(); i++) {
                    if (!claimed[i] && bank.get(i).net().sameCurrency(expected) && mentions(bank.get(i), needle)) {
                        hits.add(i);
                    }
                }
                if (hits.isEmpty()) {
                    // A credit in another currency that names the batch: linked, and reported as a mismatch.
                    for (int i = 0; i < bank.size() && hits.isEmpty(); i++) {
                        if (!claimed[i] && mentions(bank.get(i), needle)) {
                            hits.add(i);
                        }
                    }
                }
                how = hits.isEmpty() ? null : "payout_batch";
            }
            for (int i = 0; i < bank.size() && hits.isEmpty(); i++) {
                SettlementRecord b = bank.get(i);
                if (!claimed[i] && b.net().abs().equals(expected) && withinWindow(p, b, cfg)) {
                    hits.add(i);
                    how = "amount_and_date";
                }
            }
            List<SettlementRecord> credits = new ArrayList<>(hits.size());
            for (int i : hits) {
                claimed[i] = true;
                credits.add(bank.get(i));
            }
            results.add(credits.isEmpty() ? missing(p, cfg, ctx) : linked(p, credits, how, cfg, ctx));
        }
        List<SettlementRecord> unclaimed = new ArrayList<>();
        for (int i = 0; i < bank.size(); i++) {
            if (!claimed[i]) {
                unclaimed.add(bank.get(i));
            }
        }
        return new PayoutOutcome(results, unclaimed);
    }

    private static boolean mentions(SettlementRecord b, String needle) {
        for (String s : new String[] {b.channelRef(), b.merchantRef(), b.description(), b.payoutBatch()}) {
            if (s != null && s.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static LocalDate dateOf(SettlementRecord r) {
        return r.valueDate() != null ? r.valueDate() : r.bookingDate();
    }

    private static boolean withinWindow(SettlementRecord p, SettlementRecord b, ChannelConfig cfg) {
        LocalDate pd = dateOf(p);
        LocalDate bd = dateOf(b);
        if (pd == null || bd == null) {
            return true;
        }
        long days = bd.toEpochDay() - pd.toEpochDay();
        return days >= 0 && days <= cfg.dateWindowDays();
    }

    private static ReconResult linked(SettlementRecord p, List<SettlementRecord> credits, String how,
            ChannelConfig cfg, ReconContext ctx) {
        Money payout = p.net().abs();
        SettlementRecord first = credits.get(0);
        StringBuilder sources = new StringBuilder();
        for (SettlementRecord b : credits) {
            sources.append(sources.length() == 0 ? "" : ", ").append(b.source());
        }
        String detail = "payout " + p.payoutBatch() + " (" + payout + ") matched on " + how
                + (credits.size() == 1 ? " with bank entry " : " with " + credits.size() + " bank entries ") + sources;
        Money credit = first.net().abs();
        for (SettlementRecord b : credits.subList(1, credits.size())) {
            credit = credit.plus(b.net().abs());
        }
        if (!credit.sameCurrency(payout)) {
            return row(p, cfg, ctx, ResultStatus.BREAK, BreakType.PAYOUT_MISMATCH, "payout:" + how,
                    detail + "; bank credit is in " + credit.currencyCode(), credit, null, first, sources.toString());
        }
        var tol = cfg.resolvedTolerance(payout.currency());
        long diff = credit.minorUnits() - payout.minorUnits();
        long allowed = tol.allowedMinor(payout.minorUnits(), credit.minorUnits());
        Money d = new Money(diff, payout.currency());
        String total = credits.size() == 1 ? "bank credit " : "bank credits total ";
        if (Math.abs(diff) > allowed) {
            return row(p, cfg, ctx, ResultStatus.BREAK, BreakType.PAYOUT_MISMATCH, "payout:" + how,
                    detail + "; " + total + credit + " differs " + d.toDecimalString() + " beyond tolerance "
                            + new Money(allowed, payout.currency()).toDecimalString(), credit, d, first,
                    sources.toString());
        }
        return row(p, cfg, ctx, ResultStatus.MATCHED, null, "payout:" + how,
                detail + (diff == 0 ? "; amount equal" : "; differs " + d.toDecimalString() + " within tolerance"),
                credit, d, first, sources.toString());
    }

    private static ReconResult missing(SettlementRecord p, ChannelConfig cfg, ReconContext ctx) {
        LocalDate payoutDate = dateOf(p);
        LocalDate due = payoutDate == null ? null
                : cfg.calendar().addBusinessDays(payoutDate, 1);
        LocalDate asOf = ctx.businessDate();
        boolean isDue = ctx.endOfInput() || due == null || asOf == null || !due.isAfter(asOf);
        String detail = "payout " + p.payoutBatch() + " (" + p.net().abs() + ") at " + p.source()
                + ": no bank credit found" + (due == null ? "" : "; expected by " + due);
        return isDue
                ? row(p, cfg, ctx, ResultStatus.BREAK, BreakType.MISSING_PAYOUT, "payout:missing", detail, null,
                        p.net().abs().negate(), null, null)
                : row(p, cfg, ctx, ResultStatus.PENDING, null, "payout:not_yet_due", detail, null, null, null, null);
    }

    private static ReconResult row(SettlementRecord p, ChannelConfig cfg, ReconContext ctx, ResultStatus status,
            BreakType bt, String rule, String detail, Money credit, Money difference, SettlementRecord bank,
            String bankSources) {
        // Batch and currency: Adyen pays one batch out in several currencies, one MerchantPayout each.
        String key = p.payoutBatch() != null ? "payout|" + p.payoutBatch() + "|" + p.net().currencyCode()
                : "payout|" + p.naturalKey();
        ReconMode mode = ctx.mode();
        LocalDate payoutDate = dateOf(p);
        int age = 0;
        if (status == ResultStatus.BREAK && payoutDate != null && ctx.businessDate() != null) {
            age = (int) Math.max(0, ctx.businessDate().toEpochDay() - payoutDate.toEpochDay());
        }
        return new ReconResult(ReconIds.forChannelRecord(mode, p.channel(), key), ctx.version(), mode, p.channel(),
                ctx.businessDate() != null ? ctx.businessDate() : payoutDate, status, bt, "PAYOUT", null, null, null,
                p.payoutBatch(), null, bank == null ? null : bank.recordType(), p.net().abs(), credit,
                p.net().currencyCode(), difference, p.gross(), p.totalFees(), p.net(), p.fxRate(), p.payoutBatch(), null,
                age, rule, detail, p.source() + (bankSources == null ? "" : " <> " + bankSources), ctx.config().version(),
                null, payoutDate, 0, false);
    }
}
