package dev.recon.parsers;

/**
 * A field of one row that cannot be used (bad amount, unknown currency, missing reference). Thrown
 * inside a row parser and caught by it, so the row goes to quarantine with the field and reason
 * while the rest of the file goes on. Carries no stack trace: it is control flow for bad data,
 * and at a few million rows a stack trace per bad row would cost more than the parse.
 */
public final class BadField extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;

    public BadField(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    /** The column or tag that was wrong, as named in the file. */
    public String field() {
        return field;
    }
}
