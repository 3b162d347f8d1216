package dev.recon.batch;

/**
 * Entry point of the nightly settlement reconciliation (Spring Boot executable jar).
 * The Spring Batch job itself is tracked in issue 6; until it lands this entry point says so.
 */
public final class BatchReconApplication {

    private BatchReconApplication() {
    }

    public static void main(String[] args) {
        System.err.println("recon batch: the settlement reconciliation job is not built yet (issue 6).");
        System.exit(2);
    }
}
