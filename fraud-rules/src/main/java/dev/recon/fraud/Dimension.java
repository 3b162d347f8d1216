package dev.recon.fraud;

import dev.recon.core.event.PaymentEvent;

/**
 * What a windowed rule counts over: the same customer, card, device or IP address. A payment
 * without the attribute (no device id known) is not counted for that dimension.
 */
public enum Dimension {
    CUSTOMER, CARD, DEVICE, IP;

    /** The key of this payment on this dimension, or null when the event does not carry it. */
    public String keyOf(PaymentEvent event) {
        var f = event.features();
        String key = switch (this) {
            case CUSTOMER -> f.customerId();
            case CARD -> f.cardFingerprint();
            case DEVICE -> f.deviceId();
            case IP -> f.ip();
        };
        return key == null || key.isBlank() ? null : key;
    }
}
