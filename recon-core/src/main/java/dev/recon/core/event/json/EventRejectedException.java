package dev.recon.core.event.json;

/**
 * An event line that cannot become a typed event. Carries the reason and the field so the caller
 * can route the original bytes to the dead-letter topic (or a quarantine file) with both. The
 * message never contains a full card number: values quoted in it were masked on arrival.
 */
public final class EventRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;
    private final String field;

    public EventRejectedException(RejectionReason reason, String field, String detail) {
        super(detail);
        this.reason = reason;
        this.field = field;
    }

    public RejectionReason reason() {
        return reason;
    }

    /** The offending field, or null when the line as a whole is bad. */
    public String field() {
        return field;
    }

    /** The message alone, without the exception class: what goes into a dead letter. */
    public String detail() {
        return getMessage();
    }

    @Override
    public String toString() {
        return reason + (field == null ? "" : " (" + field + ")") + ": " + getMessage();
    }
}
