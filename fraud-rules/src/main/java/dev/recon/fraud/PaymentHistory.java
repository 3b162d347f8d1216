package dev.recon.fraud;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Earlier payments per (dimension, key), kept in memory for the backtest and tests. Each key keeps
 * only what its longest window can still see, so memory follows the number of active keys, not
 * the length of the input. Assumes events are recorded in event-time order per key.
 */
public final class PaymentHistory {

    private final Map<Dimension, Map<String, Deque<PastPayment>>> byKey = new HashMap<>();

    public List<PastPayment> recent(Dimension dimension, String key) {
        Deque<PastPayment> payments = byKey.getOrDefault(dimension, Map.of()).get(key);
        return payments == null ? List.of() : new ArrayList<>(payments);
    }

    public void record(Dimension dimension, String key, PastPayment payment, Duration retention) {
        Deque<PastPayment> payments = byKey.computeIfAbsent(dimension, d -> new HashMap<>())
                .computeIfAbsent(key, k -> new ArrayDeque<>());
        payments.addLast(payment);
        var horizon = payment.eventTime().minus(retention);
        while (!payments.isEmpty() && !payments.peekFirst().eventTime().isAfter(horizon)) {
            payments.removeFirst();
        }
    }

    /** Number of payments held, over all keys: what a state-size metric would report. */
    public int size() {
        return byKey.values().stream().flatMap(m -> m.values().stream()).mapToInt(Deque::size).sum();
    }
}
