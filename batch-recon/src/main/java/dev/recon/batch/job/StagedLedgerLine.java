package dev.recon.batch.job;

import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * A staged ledger row as one line of tab-separated text: the in-scope flag and every
 * {@link LedgerEntry} field, amounts in minor units. Null and empty text stay distinct ({@code \N}
 * for null; backslash, tab, line feed and carriage return escaped), so an entry reads back equal to
 * the one staged. Times are {@link java.time.Instant#toString} and read back with
 * {@link dev.recon.batch.store.StoredInstant}.
 */
final class StagedLedgerLine {

    private static final int FIELDS = 17;
    /** Repeating columns: in scope, merchant, account, channel, type, status, currency, source file. */
    private static final StagedFields FIELDS_OF = new StagedFields(FIELDS, true, 0, 4, 5, 6, 9, 10, 12, 15);

    private StagedLedgerLine() {
    }

    /** A staged line's first character: the row is in scope (this channel's), else {@code '0'}. */
    static final char IN_SCOPE = '1';

    static void append(StringBuilder out, LedgerEntry e, boolean inScope) {
        out.append(inScope ? IN_SCOPE : '0');
        text(out, e.transactionId());
        text(out, e.paymentId());
        text(out, e.parentPaymentId());
        text(out, e.merchantId());
        text(out, e.merchantAccount());
        text(out, e.channel());
        text(out, e.channelRef());
        text(out, e.parentChannelRef());
        text(out, e.type().name());
        text(out, e.status().name());
        out.append('\t').append(e.amount().minorUnits());
        text(out, e.amount().currencyCode());
        out.append('\t');
        dev.recon.batch.store.StoredInstant.append(out, e.createdAt());
        out.append('\t');
        if (e.bookedAt() == null) {
            out.append("\\N");
        } else {
            dev.recon.batch.store.StoredInstant.append(out, e.bookedAt());
        }
        text(out, e.source() == null ? null : e.source().origin());
        out.append('\t').append(e.source() == null ? 0L : e.source().line());
        out.append('\n');
    }

    private static void text(StringBuilder out, String s) {
        out.append('\t');
        if (s == null) {
            out.append("\\N");
            return;
        }
        StagedFields.appendEscaped(out, s);
    }

    /** A decoded line: the entry and whether it belongs to the channel being reconciled. */
    record Row(LedgerEntry entry, boolean inScope) {
    }

    static boolean inScope(String line) {
        return line.charAt(0) == IN_SCOPE;
    }

    static Row decode(String line) {
        return decode(line, null);
    }

    /** A scratch for {@link #decode(String, String[])}: one per thread or slice of lines. */
    static String[] scratch() {
        return FIELDS_OF.scratch();
    }

    /** {@code scratch} from {@link #scratch()}, or null for the thread's own. */
    static Row decode(String line, String[] scratch) {
        List<String> f = FIELDS_OF.split(line, scratch);
        if (f.size() != FIELDS) {
            throw new IllegalStateException("staged ledger line has " + f.size() + " fields, not " + FIELDS);
        }
        String booked = f.get(14);
        String origin = f.get(15);
        LedgerEntry e = new LedgerEntry(f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7), f.get(8),
                TransactionType.valueOf(f.get(9)), TransactionStatus.valueOf(f.get(10)),
                Money.ofMinor(Long.parseLong(f.get(11)), f.get(12)), dev.recon.batch.store.StoredInstant.parse(f.get(13)),
                booked == null ? null : dev.recon.batch.store.StoredInstant.parse(booked),
                SourceLocation.ofFile(origin, Long.parseLong(f.get(16))));
        return new Row(e, "1".equals(f.get(0)));
    }
}
