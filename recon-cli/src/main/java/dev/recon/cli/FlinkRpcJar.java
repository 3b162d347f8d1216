package dev.recon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Flink's RPC system jar ({@code flink-rpc-akka.jar}: Pekko, Scala, their config), unpacked once into
 * the run cache and put on the streaming job's classpath.
 *
 * <p>Why: Flink keeps that jar inside {@code flink-rpc-akka-loader}, and its loader
 * ({@code PekkoRpcSystemLoader}) inflates the 21 MB into the temporary folder at every start (0.12 s,
 * 0.10 CPU-s), loads it through a class loader of its own and deletes it at shutdown. Classes of such a
 * loader are second-class for the JVM's class-data archive: the 268 of them a run loads but does not
 * link are never archived, and the archived ones are still read and checksummed from the jar at every
 * start. On the classpath, from a copy that stays, Pekko is loaded by the application class loader
 * like the rest of the job, entirely from the archive after the first run; the job finds the RPC
 * system there (streaming-recon {@code FileReconJob}: the {@code RpcSystem} service on its classpath,
 * else Flink's loader as before). Nothing on the job's classpath carries Scala, Pekko or Typesafe
 * config otherwise, so nothing clashes. The shaded job jar a cluster runs is not touched.
 *
 * <p>The copy is named after Flink's version (from the loader jar's file name) and the entry's CRC-32
 * and size as the loader jar's directory records them: finding it inflates nothing, a new Flink gets
 * a new copy (the old one is removed), and a copy is written beside its final name, checked against
 * the recorded CRC-32 and renamed into place, so a killed run never leaves a partial jar under it.
 */
final class FlinkRpcJar {

    /** The jar inside flink-rpc-akka-loader, the name Flink's loader looks it up by. */
    static final String ENTRY = "flink-rpc-akka.jar";
    private static final Pattern LOADER = Pattern.compile("flink-rpc-akka-loader-(.+)\\.jar");
    private static final String PREFIX = "flink-rpc-";

    private FlinkRpcJar() {
    }

    /**
     * {@code classpath} with the cached copy of its Flink RPC jar added at the end, or {@code classpath}
     * unchanged when it has no flink-rpc-akka-loader jar or the copy cannot be made (the job then uses
     * Flink's own loader).
     */
    static List<Path> onClasspath(List<Path> classpath, Path cacheRoot) {
        if (cacheRoot == null) {
            return classpath;
        }
        for (Path entry : classpath) {
            if (LOADER.matcher(entry.getFileName().toString()).matches()) {
                try {
                    Path copy = cachedCopy(entry, cacheRoot.resolve("flink-rpc"));
                    if (copy != null) {
                        List<Path> withRpc = new java.util.ArrayList<>(classpath);
                        withRpc.add(copy);
                        return List.copyOf(withRpc);
                    }
                } catch (IOException | RuntimeException e) {
                    // No copy: Flink unpacks its own into the temporary folder, as before.
                }
                return classpath;
            }
        }
        return classpath;
    }

    /** The cached copy of {@code loaderJar}'s RPC jar in {@code dir}, unpacked first when missing or of the wrong size; null when it has none. */
    static Path cachedCopy(Path loaderJar, Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(loaderJar.toFile())) {
            ZipEntry entry = zip.getEntry(ENTRY);
            if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) {
                return null;
            }
            Path target = dir.resolve(nameOf(versionOf(loaderJar), entry));
            if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
                return target;
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, ".unpacking-", ".tmp");
            try {
                CRC32 crc = new CRC32();
                try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc);
                        OutputStream out = Files.newOutputStream(partial)) {
                    in.transferTo(out);
                }
                if (crc.getValue() != entry.getCrc()) {
                    throw new IOException(ENTRY + " in " + loaderJar + " does not match its recorded checksum");
                }
                moveIntoPlace(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
            removeOthers(dir, target);
            return target;
        }
    }

    /** Flink's version as the loader jar's Maven file name carries it ("unknown" otherwise: the CRC still tells copies apart). */
    static String versionOf(Path loaderJar) {
        Matcher m = LOADER.matcher(loaderJar.getFileName().toString());
        return m.matches() ? m.group(1).replaceAll("[^A-Za-z0-9._-]", "_") : "unknown";
    }

    /** The cached jar's name: Flink's version, the entry's CRC-32 and its size. */
    static String nameOf(String flinkVersion, ZipEntry entry) {
        return PREFIX + flinkVersion + "-" + String.format("%08x", entry.getCrc()) + "-" + entry.getSize() + ".jar";
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Copies for other Flink builds (21 MB each) go when a new one is unpacked. A job JVM still running
     * from one keeps reading it (the file stays until it is closed); a later run of that other build
     * unpacks its own again.
     */
    private static void removeOthers(Path dir, Path keep) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> !p.equals(keep)).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // Best effort: an old copy left behind costs disk, not correctness.
        }
    }
}
