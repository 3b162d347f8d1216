package dev.recon.fraud;

import dev.recon.core.event.PaymentEvent;
import dev.recon.core.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The window arithmetic every windowed rule shares: an earlier payment counts when it happened in
 * (eventTime - window, eventTime] and is not the event itself (a redelivered event must not count
 * against itself). Event time, never the wall clock, so a backtest and the stream agree.
 */
final class WindowedHistory {

    private WindowedHistory() {
    }

    static List<PastPayment> within(PaymentEvent event, List<PastPayment> history, Duration window) {
        Instant from = event.eventTime().minus(window);
        List<PastPayment> result = new ArrayList<>();
        for (PastPayment past : history) {
            if (past.eventId().equals(event.eventId())) {
                continue;
            }
            if (past.eventTime().isAfter(from) && !past.eventTime().isAfter(event.eventTime())) {
                result.add(past);
            }
        }
        return result;
    }

    static Money sumSameCurrency(PaymentEvent event, List<PastPayment> payments) {
        Money sum = Money.zero(event.amount().currency());
        for (PastPayment past : payments) {
            if (past.amount().sameCurrency(sum)) {
                sum = sum.plus(past.amount());
            }
        }
        return sum;
    }
}
