package dev.recon.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A point in time after which a wait gives up. Every wait in the kit goes through one of these, so
 * nothing can hang a build: the caller always learns after a bounded time why a service is not there.
 */
final class Deadline {
    private final long endNanos;
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    static Deadline in(Duration budget) {
        return new Deadline(budget);
    }

    boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    Duration budget() {
        return budget;
    }

    /**
     * Polls {@code ready} until it answers true. {@code failedEarly} is asked between polls and may
     * return a reason (for example "process exited with code 1") to stop waiting at once.
     *
     * @return null when ready, otherwise the reason it is not (early failure or timeout)
     */
    String await(BooleanSupplier ready, Supplier<String> failedEarly, Duration pollEvery) {
        while (true) {
            if (ready.getAsBoolean()) {
                return null;
            }
            String failure = failedEarly.get();
            if (failure != null) {
                return failure;
            }
            if (expired()) {
                return "not ready after " + budget.toSeconds() + " s (timeout)";
            }
            try {
                Thread.sleep(Math.min(pollEvery.toMillis(), Math.max(1, remaining().toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting";
            }
        }
    }
}
