package dev.recon.fraud;

import dev.recon.core.event.PaymentEvent;
import dev.recon.core.money.Money;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One rule of a rule set. Two shapes, so the streaming job can place them well: an {@link Instant}
 * rule looks at the payment alone; a {@link Windowed} rule also looks at earlier payments of the
 * same key (customer, card, device, IP) within its window, which Flink keeps in keyed state.
 */
public sealed interface FraudRule permits FraudRule.Instant, FraudRule.Windowed {

    String id();

    /** Points this rule adds to the payment's score when it fires (0-100). */
    int score();

    /** A rule that needs nothing but the payment itself. */
    sealed interface Instant extends FraudRule permits AmountThreshold, ListMatch, CountryMismatch {
        Optional<RuleHit> check(PaymentEvent event);
    }

    /** A rule over the earlier payments of one key within a time window. */
    sealed interface Windowed extends FraudRule permits Velocity, CardTesting, Structuring {
        Dimension dimension();

        Duration window();

        /**
         * @param history earlier payments of the same key, any order; entries outside the window
         *                or equal to this event are ignored here, so callers may pass a superset
         */
        Optional<RuleHit> check(PaymentEvent event, List<PastPayment> history);
    }

    /** Fires when the amount reaches the threshold configured for its currency. */
    record AmountThreshold(String id, int score, Map<String, Money> thresholds) implements Instant {
        @Override
        public Optional<RuleHit> check(PaymentEvent event) {
            Money limit = thresholds.get(event.amount().currencyCode());
            if (limit == null || event.amount().compareTo(limit) < 0) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, "amount " + event.amount() + " reaches threshold " + limit));
        }
    }

    /** Which attribute of a payment a list rule looks at. */
    enum Attribute {
        CARD_BIN, CARD_COUNTRY, IP_COUNTRY, IP, DEVICE_ID, CUSTOMER_ID, MERCHANT_ID;

        String valueOf(PaymentEvent event) {
            var f = event.features();
            return switch (this) {
                case CARD_BIN -> f.cardBin();
                case CARD_COUNTRY -> f.cardCountry();
                case IP_COUNTRY -> f.ipCountry();
                case IP -> f.ip();
                case DEVICE_ID -> f.deviceId();
                case CUSTOMER_ID -> f.customerId();
                case MERCHANT_ID -> event.merchantId();
            };
        }
    }

    /** Fires when an attribute is on a list (blocked BINs, high-risk countries, known bad devices). */
    record ListMatch(String id, int score, Attribute attribute, Set<String> values) implements Instant {
        @Override
        public Optional<RuleHit> check(PaymentEvent event) {
            String value = attribute.valueOf(event);
            if (value == null || !values.contains(value)) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, attribute.name().toLowerCase(java.util.Locale.ROOT)
                    + " " + value + " is on the list"));
        }
    }

    /** Fires when the card was issued in another country than the one the IP address is in. */
    record CountryMismatch(String id, int score) implements Instant {
        @Override
        public Optional<RuleHit> check(PaymentEvent event) {
            String card = event.features().cardCountry();
            String ip = event.features().ipCountry();
            if (card == null || ip == null || card.equalsIgnoreCase(ip)) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, "card country " + card + " differs from IP country " + ip));
        }
    }

    /**
     * Fires when a key makes more than {@code maxCount} payments within the window, or (when
     * {@code maxAmounts} names the currency) their sum in that currency exceeds the limit.
     */
    record Velocity(String id, int score, Dimension dimension, Duration window, int maxCount,
                    Map<String, Money> maxAmounts) implements Windowed {
        @Override
        public Optional<RuleHit> check(PaymentEvent event, List<PastPayment> history) {
            List<PastPayment> inWindow = WindowedHistory.within(event, history, window);
            int count = inWindow.size() + 1;
            if (count > maxCount) {
                return Optional.of(new RuleHit(id, score, count + " payments by one " + label() + " within "
                        + window + " (max " + maxCount + ")"));
            }
            Money limit = maxAmounts.get(event.amount().currencyCode());
            if (limit != null) {
                Money sum = WindowedHistory.sumSameCurrency(event, inWindow).plus(event.amount());
                if (sum.compareTo(limit) > 0) {
                    return Optional.of(new RuleHit(id, score, "payments by one " + label() + " within " + window
                            + " sum to " + sum + " (max " + limit + ")"));
                }
            }
            return Optional.empty();
        }

        private String label() {
            return dimension.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Card testing: many small attempts on one card or device in a short time, several of them
     * declined. Small means at most {@code smallAmounts} in the payment's currency.
     */
    record CardTesting(String id, int score, Dimension dimension, Duration window, Map<String, Money> smallAmounts,
                       int minAttempts, int minFailures) implements Windowed {
        @Override
        public Optional<RuleHit> check(PaymentEvent event, List<PastPayment> history) {
            Money small = smallAmounts.get(event.amount().currencyCode());
            if (small == null || event.amount().compareTo(small) > 0) {
                return Optional.empty();
            }
            int attempts = 1;
            int failures = event.status() == dev.recon.core.ledger.TransactionStatus.FAILED ? 1 : 0;
            for (PastPayment past : WindowedHistory.within(event, history, window)) {
                if (past.amount().sameCurrency(small) && past.amount().compareTo(small) <= 0) {
                    attempts++;
                    if (past.status() == dev.recon.core.ledger.TransactionStatus.FAILED) {
                        failures++;
                    }
                }
            }
            if (attempts >= minAttempts && failures >= minFailures) {
                return Optional.of(new RuleHit(id, score, attempts + " small attempts (<= " + small + ") on one "
                        + dimension.name().toLowerCase(java.util.Locale.ROOT) + " within " + window + ", "
                        + failures + " failed"));
            }
            return Optional.empty();
        }
    }

    /**
     * Structuring: several payments just below a reporting threshold within the window, e.g. three
     * payments of 9,500-9,999 EUR in a day against a 10,000 EUR threshold. The band is in basis
     * points below the threshold (1000 = the 10% below it).
     */
    record Structuring(String id, int score, Dimension dimension, Duration window, Map<String, Money> thresholds,
                       int bandBasisPoints, int minCount) implements Windowed {
        @Override
        public Optional<RuleHit> check(PaymentEvent event, List<PastPayment> history) {
            Money threshold = thresholds.get(event.amount().currencyCode());
            if (threshold == null || !inBand(event.amount(), threshold)) {
                return Optional.empty();
            }
            int count = 1;
            for (PastPayment past : WindowedHistory.within(event, history, window)) {
                if (past.amount().sameCurrency(threshold) && inBand(past.amount(), threshold)) {
                    count++;
                }
            }
            if (count < minCount) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, count + " payments just below " + threshold + " within "
                    + window));
        }

        private boolean inBand(Money amount, Money threshold) {
            // floor = threshold * (1 - band); exact in minor units, rounding the floor up so the band never widens
            long floor = threshold.minorUnits() - Math.floorDiv(threshold.minorUnits() * (long) bandBasisPoints, 10_000L);
            return amount.minorUnits() < threshold.minorUnits() && amount.minorUnits() >= floor;
        }
    }
}
