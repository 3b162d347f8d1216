package dev.recon.core.result;

/** MATCHED: both sides agree (or no channel leg is expected); BREAK: see the break type; PENDING: not yet due. */
public enum ResultStatus {
    MATCHED, BREAK, PENDING
}
