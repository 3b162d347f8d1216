package dev.recon.batch.job;

import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.match.LegExpectation;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A fixed-width binary record per staged line, written by the staging steps beside the staged text
 * ({@link StagingWriters}, same chunks, same restart discipline) and read, mapped, by the match step:
 * the values its pair choice and date-window pass need (the cells' hashes as {@link ExactPairs#hash}
 * computes them over the staged text, amounts in minor units, currencies, category, creation time),
 * so those passes no longer cut a million lines into cells. The text stays what the step decodes
 * objects from and writes results.csv lines from.
 *
 * <p>Record i describes staged line i of the text file (both files hold the committed rows only).
 * A row whose staged cells needed escapes, or whose currency does not pack into a long, is flagged
 * {@link #TEXT}: the match step then reads that row from its text exactly as before, so the columns
 * only ever stand for values the text path would have read the same. A columns file whose length is
 * not exactly the text file's line count times the width (written by an older build, or by a staging
 * attempt restarted from a build without columns) is not used at all.
 */
final class StagedColumns {

    /** Read this row from its staged text (escaped cells, or values the record cannot hold). */
    static final int TEXT = 1;

    // Ledger record: the hashes of transaction id, payment id, root payment, channel reference and parent
    // reference; amount and currency (candidates only); creation time; flags and category.
    // Then where the transaction id and the channel reference lie in the staged line, in bytes (the pair
    // choice compares references and reads the id in the mapped file, not in a String of the line).
    static final int L_WIDTH = 84;
    static final int L_TXN = 0, L_PAYMENT = 8, L_ROOT = 16, L_REF = 24, L_PARENT_REF = 32, L_AMOUNT = 40,
            L_CURRENCY = 48, L_CREATED_SECOND = 56, L_CREATED_NANO = 64, L_FLAGS = 68, L_CATEGORY = 69,
            L_TXN_LEN = 72, L_REF_AT = 76, L_REF_LEN = 80;
    /** Where the transaction id starts in a staged ledger line: after the in-scope flag and its tab. */
    static final int L_TXN_AT = 2;
    /** Ledger flag: a pair candidate by its own cells (see {@link ExactPairs}). */
    static final int L_CANDIDATE = 2;

    // Settlement record: the hashes of channel, modification and merchant reference; gross, net and the
    // fees' sum in the net currency (or NO_FEES); the two currencies; booking day; flags and category.
    // Then where the channel reference lies in the staged line, in bytes.
    static final int S_WIDTH = 80;
    static final int S_REF = 0, S_MOD = 8, S_MERCHANT = 16, S_GROSS = 24, S_NET = 32, S_FEES = 40, S_GROSS_CCY = 48,
            S_NET_CCY = 56, S_BOOKING = 64, S_FLAGS = 68, S_CATEGORY = 69, S_REF_AT = 72, S_REF_LEN = 76;
    /** Settlement flags: a gross amount is staged; an exchange rate is staged; the channel cell is empty or the run's. */
    static final int S_HAS_GROSS = 2, S_HAS_FX = 4, S_SAME_CHANNEL = 8;
    /** The fees' sum when they are not all in the net currency (or overflow): ExactPairs' NO_FEES. */
    static final long NO_FEES = Long.MIN_VALUE;
    /** No booking day staged. */
    static final int NO_DAY = Integer.MIN_VALUE;

    private static final int SEGMENT_BYTES = 1 << 30;

    private final MappedByteBuffer[] segments;
    private final int rowsPerSegment;
    private final int width;

    private StagedColumns(MappedByteBuffer[] segments, int rowsPerSegment, int width) {
        this.segments = segments;
        this.rowsPerSegment = rowsPerSegment;
        this.width = width;
    }

    // ------------------------------------------------------------------ writing (staging steps)

    /** Appends a ledger line's record (tests; the staging writer keeps one {@link Encoder}). */
    static void ledger(ByteBuffer out, LedgerEntry e, String channel) {
        new Encoder(channel).ledger(out, e);
    }

    /** Appends a settlement line's record (tests; the staging writer keeps one {@link Encoder}). */
    static void settlement(ByteBuffer out, SettlementRecord r, String channel) {
        new Encoder(channel).settlement(out, r);
    }

    /**
     * Writes the records of one staging writer (not thread-safe). Each cell is read once: its hash,
     * whether it needs an escape and its UTF-8 length come from one pass over its characters (three
     * passes were a fifth of the settlement staging thread in a profile).
     */
    static final class Encoder {
        /** The hash of the null mark {@code \N} as a ledger line stages a null cell. */
        private static final long NULL_MARK_HASH = ExactPairs.hash("\\N", 0, 2);

        private final String channel;
        /** Set by {@link #scan} and {@link #length}: some cell of the row holds a character the text escapes. */
        private boolean escaped;
        /** Set by {@link #scan}: the cell's UTF-8 length. */
        private int bytes;
        private String lastCurrency;
        private long lastPacked;

        /** {@code channel}: the run's channel (a pair's entry and line must be of it). */
        Encoder(String channel) {
            this.channel = channel;
        }

        /** {@link ExactPairs#hash(String)} of a cell without escapes; notes an escape and the cell's length. */
        private long scan(String s) {
            long h = 0xcbf29ce484222325L;
            int any = 0;
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                any |= c;
                escaped |= escapes(c);
                h = (h ^ c) * 0x100000001b3L;
            }
            bytes = any < 0x80 ? n : utf8Length(s);
            return ExactPairs.finish(h);
        }

        /** Whether the staged text escapes {@code c} (backslash, tab, LF, CR): the rare case tested first cheaply. */
        private static boolean escapes(char c) {
            return (c < 0x0E || c == '\\') && (c == '\\' || c == '\t' || c == '\n' || c == '\r');
        }

        /** A cell's UTF-8 length (0 for null); notes an escape. */
        private int length(String s) {
            if (s == null) {
                return 0;
            }
            int any = 0;
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                any |= c;
                escaped |= escapes(c);
            }
            return any < 0x80 ? n : utf8Length(s);
        }

        /** {@link StagedColumns#pack}, remembering the last code (the parsers hand out one String per currency). */
        private long pack(String currency) {
            if (currency != lastCurrency) {
                lastPacked = StagedColumns.pack(currency);
                lastCurrency = currency;
            }
            return lastPacked;
        }

        /** Appends a ledger line's record (the line {@link StagedLedgerLine#append} writes for the same entry). */
        void ledger(ByteBuffer out, LedgerEntry e) {
            int at = out.position();
            escaped = false;
            long packed = pack(e.amount().currencyCode());
            // Cells 1-6 (transaction id to channel) precede the reference, each after a tab; a null is "\N".
            String txn = e.transactionId();
            long txnHash = txn == null ? NULL_MARK_HASH : scan(txn);
            int txnLen = txn == null ? 2 : bytes;
            String paymentId = e.paymentId();
            long payment = paymentId == null ? NULL_MARK_HASH : scan(paymentId);
            int refAt = L_TXN_AT + txnLen + 1 + (paymentId == null ? 2 : bytes) + 1;
            String parent = e.parentPaymentId();
            boolean noParent = parent == null || blank(parent);
            long root = noParent ? payment : scan(parent);
            refAt += (parent == null ? 2 : noParent ? length(parent) : bytes) + 1;
            refAt += (e.merchantId() == null ? 2 : length(e.merchantId())) + 1;
            refAt += (e.merchantAccount() == null ? 2 : length(e.merchantAccount())) + 1;
            refAt += (e.channel() == null ? 2 : length(e.channel())) + 1;
            String channelRef = e.channelRef();
            long ref = channelRef == null ? 0 : scan(channelRef);
            int refLen = channelRef == null ? 2 : bytes;
            long parentRef = e.parentChannelRef() == null ? 0 : scan(e.parentChannelRef());
            if (packed == 0 || escaped) {
                out.put(at + L_FLAGS, (byte) TEXT);
                out.position(at + L_WIDTH);
                return;
            }
            out.putLong(at + L_TXN, txnHash);
            out.putLong(at + L_PAYMENT, payment);
            out.putLong(at + L_ROOT, root);
            out.putLong(at + L_REF, ref);
            out.putLong(at + L_PARENT_REF, parentRef);
            out.putInt(at + L_TXN_LEN, txnLen);
            out.putInt(at + L_REF_AT, refAt);
            out.putInt(at + L_REF_LEN, refLen);
            out.putLong(at + L_CREATED_SECOND, e.createdAt().getEpochSecond());
            out.putInt(at + L_CREATED_NANO, e.createdAt().getNano());
            TransactionType type = e.type();
            RecordCategory category = LegExpectation.categoryOf(type);
            boolean candidate = noParent && e.parentChannelRef() == null && ref != 0 && !channelRef.isEmpty()
                    && !type.isModification() && category != null && !LegExpectation.settlementContradicts(e.status())
                    && channel != null && channel.equals(e.channel() == null ? "\\N" : e.channel());
            int flags = 0;
            if (candidate) {
                flags |= L_CANDIDATE;
                out.put(at + L_CATEGORY, (byte) category.ordinal());
                out.putLong(at + L_AMOUNT, e.amount().minorUnits());
                out.putLong(at + L_CURRENCY, packed);
            }
            out.put(at + L_FLAGS, (byte) flags);
            out.position(at + L_WIDTH);
        }

        /** Appends a settlement line's record (the line {@link StagedSettlementLine#append} writes for the same record). */
        void settlement(ByteBuffer out, SettlementRecord r) {
            int at = out.position();
            escaped = false;
            long net = pack(r.net().currencyCode());
            long gross = r.gross() == null ? -1 : pack(r.gross().currencyCode());
            boolean feesPack = true;
            for (Fee f : r.fees()) {
                feesPack &= pack(f.amount().currencyCode()) != 0;
            }
            // Channel (empty when null), record type and category precede the reference, each before a tab.
            int refAt = length(r.channel()) + 1 + length(r.recordType()) + 1 + r.category().name().length() + 1;
            String channelRef = r.channelRef();
            long ref = channelRef == null || channelRef.isEmpty() ? 0 : scan(channelRef);
            int refLen = ref == 0 ? 0 : bytes;
            long mod = r.modificationRef() == null || r.modificationRef().isEmpty() ? 0 : scan(r.modificationRef());
            long merchant = r.merchantRef() == null || r.merchantRef().isEmpty() ? 0 : scan(r.merchantRef());
            length(r.merchantAccount());
            if (net == 0 || gross == 0 || !feesPack || escaped) {
                out.put(at + S_FLAGS, (byte) TEXT);
                out.position(at + S_WIDTH);
                return;
            }
            out.putInt(at + S_REF_AT, refAt);
            out.putInt(at + S_REF_LEN, refLen);
            out.putLong(at + S_REF, ref);
            out.putLong(at + S_MOD, mod);
            out.putLong(at + S_MERCHANT, merchant);
            int flags = 0;
            if (r.gross() != null) {
                flags |= S_HAS_GROSS;
                out.putLong(at + S_GROSS, r.gross().minorUnits());
                out.putLong(at + S_GROSS_CCY, gross);
            }
            if (r.fxRate() != null) {
                flags |= S_HAS_FX;
            }
            if (r.channel() == null || r.channel().isEmpty() || r.channel().equals(channel)) {
                flags |= S_SAME_CHANNEL;
            }
            out.putLong(at + S_NET, r.net().minorUnits());
            out.putLong(at + S_NET_CCY, net);
            out.putLong(at + S_FEES, feeSum(r));
            out.putInt(at + S_BOOKING, r.bookingDate() == null ? NO_DAY : (int) r.bookingDate().toEpochDay());
            out.put(at + S_FLAGS, (byte) flags);
            out.put(at + S_CATEGORY, (byte) r.category().ordinal());
            out.position(at + S_WIDTH);
        }
    }

    /** The fees' sum when every fee is in the net currency, as the text path adds them; else NO_FEES. */
    private static long feeSum(SettlementRecord r) {
        String currency = r.net().currencyCode();
        long sum = 0;
        for (Fee f : r.fees()) {
            Money m = f.amount();
            if (!m.currencyCode().equals(currency)) {
                return NO_FEES;
            }
            try {
                sum = Math.addExact(sum, m.minorUnits());
            } catch (ArithmeticException overflow) {
                return NO_FEES;
            }
        }
        return sum;
    }


    /** The UTF-8 length of text as the staging writer encodes it (null: an empty cell). */
    static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }



    /** As the text path's test for a blank parent payment cell (char by char). */
    private static boolean blank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }


    /**
     * Up to seven printable ASCII characters and their count in one long (never 0); 0 when the text does
     * not fit, or holds a character the staged text escapes or the fee cell uses as a separator (such a
     * row is read from its text).
     */
    static long pack(String s) {
        if (s.length() > 7) {
            return 0;
        }
        long v = (long) (s.length() + 1) << 56;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '\\' || c == ':' || c == '|') {
                return 0;
            }
            v |= (long) c << (8 * i);
        }
        return v;
    }

    /** The text {@link #pack} packed. */
    static String unpack(long v) {
        int n = (int) (v >>> 56) - 1;
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ((v >>> (8 * i)) & 0x7F);
        }
        return new String(c);
    }

    // ------------------------------------------------------------------ reading (match step)

    /**
     * The columns file beside a staged text file of {@code rows} lines, mapped; null when it is missing
     * or does not hold exactly one record per line (then the match step reads the text, as before).
     */
    static StagedColumns map(Path file, int width, int rows) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() != (long) rows * width) {
                return null;
            }
            int perSegment = SEGMENT_BYTES / width;
            int n = Math.max(1, (rows + perSegment - 1) / perSegment);
            MappedByteBuffer[] segments = new MappedByteBuffer[n];
            for (int s = 0; s < n; s++) {
                long from = (long) s * perSegment * width;
                long len = Math.min(ch.size() - from, (long) perSegment * width);
                segments[s] = ch.map(FileChannel.MapMode.READ_ONLY, from, len);
                segments[s].order(ByteOrder.LITTLE_ENDIAN);
            }
            return new StagedColumns(segments, perSegment, width);
        }
    }

    long getLong(int row, int field) {
        return segments[row / rowsPerSegment].getLong((row % rowsPerSegment) * width + field);
    }

    int getInt(int row, int field) {
        return segments[row / rowsPerSegment].getInt((row % rowsPerSegment) * width + field);
    }

    int getByte(int row, int field) {
        return segments[row / rowsPerSegment].get((row % rowsPerSegment) * width + field) & 0xFF;
    }
}
