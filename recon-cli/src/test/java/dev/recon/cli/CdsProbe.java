package dev.recon.cli;

/** A main class for {@link ClassDataCacheTest}: run from a jar of its own, archived and then loaded from the archive. */
public final class CdsProbe {

    private CdsProbe() {
    }

    public static void main(String[] args) {
        System.out.println("probe ran");
    }
}
