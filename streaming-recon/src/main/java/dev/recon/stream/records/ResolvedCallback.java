package dev.recon.stream.records;

import dev.recon.core.event.ChannelCallback;
import java.util.Objects;

/**
 * A callback with the key it is matched under: {@code p:<root payment id>} once resolved, or
 * {@code r:<channel>|<channel_ref>} / {@code p:<its merchant reference>} when no payment claimed it
 * in time. {@code reportedVersion} is non-zero when the callback was already sent on unresolved
 * (so a MISSING_INTERNAL row exists for it, with that version): the matching stage must then
 * re-emit that row as resolved with a higher version.
 */
public record ResolvedCallback(String key, ChannelCallback callback, long reportedVersion) {

    public ResolvedCallback {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(callback, "callback");
    }
}
