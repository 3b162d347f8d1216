package dev.recon.core.result;

/** Which runtime decided: the Flink job (payment events vs callbacks) or the nightly batch (settlement files). */
public enum ReconMode {
    STREAM, BATCH
}
