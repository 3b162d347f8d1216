package dev.recon.stream.fraud;

import dev.recon.core.event.PaymentEvent;
import dev.recon.fraud.Dimension;
import java.util.Objects;

/** A payment event on its way to the history of one key of one dimension (a customer, a card, ...). */
public record DimensionedEvent(Dimension dimension, String key, PaymentEvent event) {

    public DimensionedEvent {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
    }

    /** The key of the windowed stage: dimension and value, so a customer id and a device id never meet. */
    public String stateKey() {
        return dimension.name() + "|" + key;
    }
}
