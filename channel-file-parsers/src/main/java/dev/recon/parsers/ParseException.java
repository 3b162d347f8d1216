package dev.recon.parsers;

/**
 * The file is not the stated format at all (wrong header, not XML, no SWIFT tags...), so no row
 * can be trusted. Its message is always {@code FILE:LINE: reason}, ready for stderr: a user never
 * sees a stack trace. Row-level problems are quarantined instead and never throw this.
 */
public class ParseException extends Exception {

    private final String file;
    private final long line;
    private final String reason;

    public ParseException(String file, long line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public ParseException(String file, long line, String reason, Throwable cause) {
        super(file + ":" + line + ": " + reason, cause);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
