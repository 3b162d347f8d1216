package dev.recon.parsers.bench;

import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseCommandRunner;
import dev.recon.parsers.ParseOptions;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Proof tool for optimisation rounds (not a test): runs what {@code ./recon parse} runs
 * ({@link ParseCommandRunner}) on a file and prints the SHA-256 of the canonical CSV and of
 * quarantine.csv plus the summary line, without writing the (large) outputs anywhere. Run it with
 * the class directories of the code before and after a change: equal digests mean byte-identical
 * output. Usage:
 * <pre>
 * java -cp CLASSPATH dev.recon.parsers.bench.CanonicalDigest FORMAT FILE [raw-lines-off]
 * </pre>
 */
public final class CanonicalDigest {

    private CanonicalDigest() {
    }

    public static void main(String[] args) throws Exception {
        String format = args[0];
        Path file = Path.of(args[1]);
        boolean rawLines = !(args.length > 2 && args[2].equals("raw-lines-off"));
        MessageDigest canonical = MessageDigest.getInstance("SHA-256");
        MessageDigest quarantine = MessageDigest.getInstance("SHA-256");
        ParseCommandRunner.Outcome outcome;
        try (Writer out = digesting(canonical); Writer bad = digesting(quarantine)) {
            outcome = ParseCommandRunner.run(format, List.of(InputSource.of(file)),
                    ParseOptions.defaults().withRawLines(rawLines), out, bad);
        }
        System.out.println("canonical  sha256 " + HexFormat.of().formatHex(canonical.digest()));
        System.out.println("quarantine sha256 " + HexFormat.of().formatHex(quarantine.digest()));
        System.out.println(outcome.summary());
        outcome.result().notes().forEach(note -> System.out.println("note: " + note));
        System.out.println("exit status " + outcome.exitStatus());
    }

    private static Writer digesting(MessageDigest digest) {
        return new BufferedWriter(new OutputStreamWriter(
                new DigestOutputStream(OutputStream.nullOutputStream(), digest), StandardCharsets.UTF_8), 1 << 16);
    }
}
