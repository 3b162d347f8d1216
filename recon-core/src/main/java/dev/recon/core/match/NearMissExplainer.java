package dev.recon.core.match;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Explains an unmatched record by its best candidate on the other side and how they differ, so an
 * operator can resolve a break quickly: "best candidate settlement adyen.csv:12 (ref PSP123457):
 * reference differs by 1 character (PSP123456 vs PSP123457); same amount and currency".
 *
 * <p>A candidate qualifies when its reference is within two edits, or its amount is equal or
 * differs by exactly the fee. Among qualifying candidates the lowest score wins: reference
 * distance first, then amount, type and days apart; ties go to the smaller candidate identity
 * (natural key or transaction id), so the explanation does not depend on input order.
 */
public final class NearMissExplainer {

    static final int MAX_EDITS = 2;
    private static final int FAR = 99;

    private NearMissExplainer() {
    }

    /** The best channel candidate for an unmatched ledger entry, or null when none qualifies. */
    public static String forEntry(LedgerEntry entry, Collection<ChannelLeg> candidates, ChannelConfig cfg) {
        Scored best = null;
        for (ChannelLeg leg : candidates) {
            Scored s = score(entry, leg, cfg, true);
            if (s != null && s.beats(best)) {
                best = s;
            }
        }
        return best == null ? null : best.explain(cfg);
    }

    /** The best ledger candidate for an unmatched channel record, or null when none qualifies. */
    public static String forLeg(ChannelLeg leg, Collection<LedgerEntry> candidates, ChannelConfig cfg) {
        Scored best = null;
        for (LedgerEntry entry : candidates) {
            Scored s = score(entry, leg, cfg, false);
            if (s != null && s.beats(best)) {
                best = s;
            }
        }
        return best == null ? null : best.explain(cfg);
    }

    /**
     * A qualifying candidate with its score; the text is built only for the winner. Equal scores are
     * broken by the candidate's identity so input order never matters.
     */
    private record Scored(LedgerEntry e, ChannelLeg leg, boolean describeLeg, int score, int refDist, String refPair,
            boolean sameCurrency, boolean amountEqual, boolean byFee, boolean netEqualsOurs, boolean compatible,
            long days) {

        String tie() {
            return describeLeg ? leg.naturalKey() + "|" + leg.source() : e.transactionId() + "|" + e.source();
        }

        boolean beats(Scored other) {
            return other == null || score < other.score || (score == other.score && tie().compareTo(other.tie()) < 0);
        }

        String explain(ChannelConfig cfg) {
            List<String> facts = new ArrayList<>();
            if (refDist == 0) {
                facts.add("same reference " + refPair.substring(0, refPair.indexOf(" vs ")));
            } else if (refDist <= MAX_EDITS) {
                facts.add("reference differs by " + refDist + " character" + (refDist == 1 ? "" : "s") + " (" + refPair
                        + ")");
            } else {
                facts.add("no similar reference");
            }
            Money channelAmount = leg.comparableAmount(cfg.comparison());
            if (!sameCurrency) {
                facts.add("currency differs (" + e.amount().currencyCode() + " vs " + channelAmount.currencyCode() + ")");
            } else if (amountEqual) {
                facts.add("same amount and currency");
            } else if (netEqualsOurs) {
                facts.add("our amount equals the channel's net: the fee " + leg.gross().abs().minus(leg.net().abs())
                        + " was deducted");
            } else if (byFee) {
                facts.add("amount differs by exactly the fee " + leg.fees().abs() + " (net vs gross?)");
            } else {
                Money d = new Money(channelAmount.minorUnits() - e.amount().minorUnits(), e.amount().currency());
                facts.add("amount differs by " + d + " (" + e.amount().toDecimalString() + " vs "
                        + channelAmount.toDecimalString() + ")");
            }
            if (!compatible) {
                facts.add("type differs (" + e.type() + " vs " + leg.recordType() + ")");
            }
            if (days > 0) {
                facts.add(days + " day" + (days == 1 ? "" : "s") + " apart");
            }
            String who = describeLeg
                    ? "best candidate " + leg.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + leg.source()
                            + " (ref " + leg.ownRef() + ")"
                    : "best candidate ledger " + e.transactionId() + " (ref " + e.channelRef() + ")";
            return who + ": " + String.join("; ", facts);
        }
    }

    private static Scored score(LedgerEntry e, ChannelLeg leg, ChannelConfig cfg, boolean describeLeg) {
        int refDist = FAR;
        String ours = null;
        String theirs = null;
        String[] left = {e.channelRef(), e.channelRef(), e.parentChannelRef(), e.paymentId(), e.transactionId()};
        String[] right = {leg.ownRef(), leg.modificationRef(), leg.parentRef(), leg.merchantRef(), leg.merchantRef()};
        for (int k = 0; k < left.length; k++) {
            if (left[k] == null || right[k] == null || left[k].isEmpty()) {
                continue;
            }
            int d = editDistance(left[k], right[k], MAX_EDITS);
            if (d < refDist) {
                refDist = d;
                ours = left[k];
                theirs = right[k];
            }
        }
        Money channelAmount = leg.comparableAmount(cfg.comparison());
        boolean sameCurrency = channelAmount.sameCurrency(e.amount());
        boolean amountEqual = false;
        boolean byFee = false;
        boolean netEqualsOurs = false;
        if (sameCurrency) {
            long diff = channelAmount.minorUnits() - e.amount().minorUnits();
            amountEqual = diff == 0;
            Money fee = leg.fees();
            byFee = !amountEqual && fee != null && !fee.isZero() && fee.sameCurrency(e.amount())
                    && Math.abs(diff) == Math.abs(fee.minorUnits());
            if (!byFee && !amountEqual && leg.gross() != null && leg.net() != null
                    && leg.net().sameCurrency(e.amount()) && leg.net().abs().equals(e.amount())) {
                byFee = true;
                netEqualsOurs = true;
            }
        }
        if (refDist > MAX_EDITS && !amountEqual && !byFee) {
            return null;
        }
        boolean compatible = LegExpectation.compatible(e.type(), leg.category());
        LocalDate ourDate = cfg.calendar().localDate(e.createdAt());
        LocalDate theirDate = leg.date(cfg.calendar().zone());
        long days = theirDate == null ? 0 : Math.abs(theirDate.toEpochDay() - ourDate.toEpochDay());
        int score = Math.min(refDist, 5) * 10 + (amountEqual ? 0 : byFee ? 5 : 20) + (compatible ? 0 : 15)
                + (int) Math.min(days, 10);
        return new Scored(e, leg, describeLeg, score, refDist, ours == null ? null : ours + " vs " + theirs,
                sameCurrency, amountEqual, byFee, netEqualsOurs, compatible, days);
    }

    /**
     * Levenshtein distance, or {@code max + 1} as soon as it must exceed {@code max}. Only the band
     * of cells within {@code max} of the diagonal is computed: cells outside it exceed the bound anyway.
     */
    private static final ThreadLocal<int[][]> ROWS =
            ThreadLocal.withInitial(() -> new int[][] {new int[33], new int[33]});

    static int editDistance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        if (a.equals(b)) {
            return 0;
        }
        int big = max + 1;
        // Two rows of the band per call, reused per thread: every candidate of every break calls this
        // for up to five reference pairs. Every cell read is written first in this call.
        int[][] rows = ROWS.get();
        if (rows[0].length < m + 1) {
            rows[0] = new int[Math.max(m + 1, rows[0].length * 2)];
            rows[1] = new int[rows[0].length];
        }
        int[] prev = rows[0];
        int[] cur = rows[1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j <= max ? j : big;
        }
        for (int i = 1; i <= n; i++) {
            int from = Math.max(1, i - max);
            int to = Math.min(m, i + max);
            cur[0] = i <= max ? i : big;
            if (from > 1) {
                cur[from - 1] = big;
            }
            int rowMin = cur[0];
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                cur[j] = Math.min(v, big);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (to < m) {
                cur[to + 1] = big;
            }
            if (rowMin > max) {
                return big;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], big);
    }
}
