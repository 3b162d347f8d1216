package dev.recon.sink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "full jitter" (each wait is uniform in [0, min(cap, base x 2^attempt)]),
 * bounded by a total give-up time.
 *
 * <p>Why full jitter: after an outage every writer of every job retries at once; spreading the
 * retries avoids hammering a store that has just come back. Why a give-up time and not a retry
 * count: the outage length is what matters (a 30 s restart must be ridden out whatever the base).
 *
 * @param initial   the first wait's upper bound
 * @param max       cap for one wait
 * @param giveUpAfter total time after the first failure after which the operation fails
 */
public record RetryBackoff(Duration initial, Duration max, Duration giveUpAfter) {

    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(10));

    public RetryBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("retry backoff needs 0 < initial <= max and giveUpAfter >= 0, got "
                    + initial + ", " + max + ", " + giveUpAfter);
        }
    }

    /** Upper bound of the wait before retry number {@code attempt} (0-based). */
    public long ceilingMillis(int attempt) {
        long ceiling = initial.toMillis() << Math.min(attempt, 20);
        return Math.min(Math.max(ceiling, 1), max.toMillis());
    }

    /** A jittered wait for retry {@code attempt}: uniform in [ceiling/10, ceiling] so it never spins. */
    public long delayMillis(int attempt) {
        long ceiling = ceilingMillis(attempt);
        return ThreadLocalRandom.current().nextLong(Math.max(1, ceiling / 10), ceiling + 1);
    }

    /**
     * How long a flush may wait for its batches: a batch fails for good after {@link #giveUpAfter}
     * plus its last request's timeout, and a minute of slack covers the queue ahead of it.
     */
    public Duration flushDeadline(Duration requestTimeout) {
        return giveUpAfter.plus(requestTimeout).plus(Duration.ofMinutes(1));
    }
}
