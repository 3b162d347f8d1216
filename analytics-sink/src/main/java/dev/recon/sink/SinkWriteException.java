package dev.recon.sink;

/** A write to an analytics store failed for good (retries exhausted or a permanent error). */
public class SinkWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SinkWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
