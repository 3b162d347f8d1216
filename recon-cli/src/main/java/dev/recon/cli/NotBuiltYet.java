package dev.recon.cli;

import java.io.PrintWriter;

/**
 * Commands of the contract whose runtime has not landed yet say so and exit 2, instead of
 * pretending to work: the message names the issue that tracks the work.
 */
final class NotBuiltYet {

    private NotBuiltYet() {
    }

    static int report(PrintWriter err, String command, String whatIsMissing) {
        err.println("recon " + command + ": not built yet: " + whatIsMissing
                + ". Run 'recon --help' for the commands that work today.");
        return ReconCommand.EXIT_USAGE;
    }
}
