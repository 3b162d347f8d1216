package dev.recon.core.match;

import dev.recon.core.result.ReconMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Stable result ids (DESIGN.md): a name-based UUID (RFC 4122 version 3) of the mode, the channel
 * and the internal transaction id, or for a channel record that matched nothing its natural key.
 * The same inputs give the same id in every run and on every machine, so a re-run or a late
 * arrival writes a new version of the row, never a second row.
 */
public final class ReconIds {

    private ReconIds() {
    }

    public static String forEntry(ReconMode mode, String channel, String transactionId) {
        return uuid(mode.name() + "|" + channel + "|txn|" + transactionId);
    }

    /**
     * {@link #forEntry}'s id as a UUID (its string is {@code forEntry}'s): a caller that sorts or packs
     * a million ids keeps their two longs instead of a 36-character string each.
     */
    public static UUID entryUuid(ReconMode mode, String channel, String transactionId) {
        return uuidOf(mode.name() + "|" + channel + "|txn|" + transactionId);
    }

    public static String forChannelRecord(ReconMode mode, String channel, String naturalKey) {
        return uuid(mode.name() + "|" + channel + "|rec|" + naturalKey);
    }

    /** The n-th (n >= 2) copy of a channel record: each duplicate is its own DUPLICATE row. */
    public static String forDuplicate(ReconMode mode, String channel, String naturalKey, int occurrence) {
        return uuid(mode.name() + "|" + channel + "|dup|" + naturalKey + "|" + occurrence);
    }

    /** Id shared by the rows of one 1:N or N:1 match group. */
    public static String forGroup(String channel, String key, String value) {
        return "G-" + uuid(channel + "|grp|" + key + "|" + value).substring(0, 13);
    }

    /** One digest per thread: {@code UUID.nameUUIDFromBytes} looks the MD5 provider up on every call. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    });

    /** Exactly {@code UUID.nameUUIDFromBytes(name).toString()} (version 3, IETF variant). */
    static String uuid(String name) {
        return uuidOf(name).toString();
    }

    private static UUID uuidOf(String name) {
        MessageDigest md = MD5.get();
        md.reset();
        byte[] h = md.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] &= 0x0f;
        h[6] |= 0x30;
        h[8] &= 0x3f;
        h[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (h[i] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
