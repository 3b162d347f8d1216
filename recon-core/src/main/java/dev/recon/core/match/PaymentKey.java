package dev.recon.core.match;

import dev.recon.core.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bulk path's partitioning: every ledger entry and channel record is assigned to one payment
 * key, the same unit the Flink job keys its state by (the root payment id: a refund's or
 * chargeback's parent payment, else the payment itself). A channel record joins the key of the
 * ledger entries it names by its own reference, its modification reference, its parent
 * reference, or its merchant reference; a record that names none forms a key of its own (so its
 * duplicates meet it). When two keys claim one reference the smaller key id wins, so the
 * partition does not depend on input order. Partitioning only decides which records are looked at
 * together; the decision is {@link ReconEngine#decide}'s.
 */
final class PaymentKey {

    final String id;
    final List<LedgerEntry> entries = new ArrayList<>(2);
    final List<ChannelLeg> legs = new ArrayList<>(2);

    private PaymentKey(String id) {
        this.id = id;
    }

    static String rootOf(LedgerEntry e) {
        return e.parentPaymentId() != null && !e.parentPaymentId().isBlank() ? e.parentPaymentId() : e.paymentId();
    }

    /** Indexes of one channel: payment keys by root id, by reference and by our ids. */
    private static final class ChannelIndex {
        final Map<String, PaymentKey> byRoot;
        final Map<String, PaymentKey> byRef;
        final Map<String, PaymentKey> byId;
        final Map<String, PaymentKey> orphans;

        /** Sized for the channel's entries and legs up front: growing maps of a day's keys rehash them repeatedly. */
        ChannelIndex(int entries, int legs) {
            byRoot = new HashMap<>(capacity(entries));
            byRef = new HashMap<>(capacity(entries));
            byId = new HashMap<>(capacity(entries));
            orphans = new HashMap<>(capacity(Math.min(legs, 1 << 16)));
        }
    }

    /** A HashMap capacity that holds {@code mappings} without rehashing (Java 17 has no HashMap.newHashMap). */
    static int capacity(int mappings) {
        return (int) (mappings / 0.75f) + 1;
    }

    /** Entries and legs per channel, so each channel's maps are created at their final size. */
    private static Map<String, ChannelIndex> sizedIndexes(List<LedgerEntry> internal, List<ChannelLeg> legs) {
        Map<String, int[]> counts = new HashMap<>();
        String last = null;
        int[] lastCount = null;
        for (LedgerEntry e : internal) {
            if (last == null || !last.equals(e.channel())) {
                last = e.channel();
                lastCount = counts.computeIfAbsent(last, c -> new int[2]);
            }
            lastCount[0]++;
        }
        last = null;
        for (ChannelLeg l : legs) {
            if (last == null || !last.equals(l.channel())) {
                last = l.channel();
                lastCount = counts.computeIfAbsent(last, c -> new int[2]);
            }
            lastCount[1]++;
        }
        Map<String, ChannelIndex> channels = new HashMap<>();
        counts.forEach((channel, n) -> channels.put(channel, new ChannelIndex(n[0], n[1])));
        return channels;
    }

    private static PaymentKey smaller(PaymentKey a, PaymentKey b) {
        return a.id.compareTo(b.id) <= 0 ? a : b;
    }

    static Collection<PaymentKey> partition(List<LedgerEntry> internal, List<ChannelLeg> legs) {
        Map<String, ChannelIndex> channels = sizedIndexes(internal, legs);
        List<PaymentKey> all = new ArrayList<>(internal.size() + legs.size() / 4);
        for (LedgerEntry e : internal) {
            ChannelIndex ix = channels.get(e.channel());
            String root = rootOf(e);
            PaymentKey k = ix.byRoot.get(root);
            if (k == null) {
                k = new PaymentKey("p:" + e.channel() + ":" + root);
                ix.byRoot.put(root, k);
                all.add(k);
            }
            k.entries.add(e);
            if (e.channelRef() != null) {
                ix.byRef.merge(e.channelRef(), k, PaymentKey::smaller);
            }
            if (e.parentChannelRef() != null) {
                ix.byRef.merge(e.parentChannelRef(), k, PaymentKey::smaller);
            }
            ix.byId.merge(e.paymentId(), k, PaymentKey::smaller);
            if (!e.transactionId().equals(e.paymentId())) {
                ix.byId.merge(e.transactionId(), k, PaymentKey::smaller);
            }
        }
        for (ChannelLeg l : legs) {
            ChannelIndex ix = channels.get(l.channel());
            PaymentKey k = null;
            if (l.ownRef() != null) {
                k = ix.byRef.get(l.ownRef());
            }
            if (k == null && l.modificationRef() != null) {
                k = ix.byRef.get(l.modificationRef());
            }
            if (k == null && l.parentRef() != null) {
                k = ix.byRef.get(l.parentRef());
            }
            if (k == null && l.merchantRef() != null) {
                k = ix.byId.get(l.merchantRef());
            }
            if (k == null) {
                String own = l.ownRef() != null ? l.ownRef() : l.naturalKey();
                k = ix.orphans.get(own);
                if (k == null) {
                    k = new PaymentKey("r:" + l.channel() + ":" + own);
                    ix.orphans.put(own, k);
                    all.add(k);
                }
            }
            k.legs.add(l);
        }
        return all;
    }
}
