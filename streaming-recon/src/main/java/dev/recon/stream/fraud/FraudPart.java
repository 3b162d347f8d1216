package dev.recon.stream.fraud;

import dev.recon.core.event.PaymentEvent;
import dev.recon.fraud.RuleHit;
import java.util.List;
import java.util.Objects;

/**
 * Part of one event's fraud verdict: the instant rules' part carries the event and how many parts
 * make the whole (1 + one per dimension the event has a key on); each windowed part only its hits.
 */
public record FraudPart(String eventId, PaymentEvent event, int expectedParts, List<RuleHit> hits) {

    public FraudPart {
        Objects.requireNonNull(eventId, "eventId");
        hits = List.copyOf(hits);
    }

    public boolean isInstantPart() {
        return event != null;
    }
}
