package dev.recon.core.event.json;

/**
 * Why an incoming event line was refused. Written with every dead letter, so an operator can sort
 * the dead-letter topic by cause; the names are part of that topic's contract.
 */
public enum RejectionReason {
    /** Not JSON, not one JSON object, or text after the object. */
    UNPARSABLE_JSON,
    /** A required field is absent, null or blank. */
    MISSING_FIELD,
    /** A field is present but its value cannot be read (enum, timestamp, boolean, nested value). */
    INVALID_FIELD,
    /** The currency is not an ISO 4217 payment currency. */
    UNKNOWN_CURRENCY,
    /** The amount is not a decimal number, is negative where it may not be, or is too large. */
    INVALID_AMOUNT,
    /** The amount has more decimal places than its currency (12.505 EUR): never rounded silently. */
    AMOUNT_PRECISION
}
