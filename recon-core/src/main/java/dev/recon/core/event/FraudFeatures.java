package dev.recon.core.event;

/**
 * The optional fraud-relevant attributes of a payment event. Any field may be null. Never holds a
 * full card number: only fingerprint, BIN (first six) and last four.
 */
public record FraudFeatures(
        String customerId,
        String cardFingerprint,
        String cardBin,
        String cardLast4,
        String cardCountry,
        String deviceId,
        String ip,
        String ipCountry) {

    public static final FraudFeatures NONE = new FraudFeatures(null, null, null, null, null, null, null, null);
}
