package dev.recon.batch;

/**
 * A problem with what the user gave us (a missing or unreadable file, an unknown format, a date the
 * files do not cover): the run stops with exit status 1 and this message as its one line on
 * stderr. The message always names the file (and line or option) so no stack trace is needed.
 */
public class ReconInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReconInputException(String message) {
        super(message);
    }

    public ReconInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
