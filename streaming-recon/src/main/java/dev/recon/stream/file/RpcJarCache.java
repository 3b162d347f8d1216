package dev.recon.stream.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.flink.core.classloading.SubmoduleClassLoader;
import org.apache.flink.runtime.rpc.CleanupOnCloseRpcSystem;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * Flink's RPC system (Pekko) for a command-line run's MiniCluster, loaded from a copy of its jar kept in
 * the run cache instead of a fresh copy in the temporary folder.
 *
 * <p>Why: Flink's own loader ({@code PekkoRpcSystemLoader}, flink-rpc-akka-loader) inflates the 21 MB
 * {@code flink-rpc-akka.jar} it carries into the temporary folder at every start and deletes it at the
 * MiniCluster's shutdown: 0.12 s of every {@code ./recon stream} start (0.10 CPU-s of inflating), and a
 * 21 MB file left in /tmp by a run that is killed. Here it is unpacked once into the run cache (the
 * launcher's {@code RECON_CACHE_DIR}, passed as {@link #CACHE_PROPERTY}), named after Flink's version and
 * the entry's CRC-32 and size as the loader jar's directory records them (so finding the copy inflates
 * nothing), and loaded the way Flink loads it: a {@link SubmoduleClassLoader} over the jar, the
 * {@link RpcSystem} service from it, closed with the MiniCluster.
 *
 * <p>The shaded job jar a cluster runs is not affected: nothing registers this class as a service
 * ({@code RpcSystemLoader}); only {@link FileReconJob}'s own MiniCluster is handed its RPC system.
 */
final class RpcJarCache {

    /** The system property the launcher sets to the run cache's folder (absent: Flink's own loader). */
    static final String CACHE_PROPERTY = "recon.cache.dir";
    /** The jar inside flink-rpc-akka-loader, the name {@code PekkoRpcSystemLoader} looks it up by. */
    static final String ENTRY = "flink-rpc-akka.jar";
    private static final String PREFIX = "flink-rpc-";

    private final Path dir;

    RpcJarCache(Path dir) {
        this.dir = dir;
    }

    /** The cache in the folder the launcher named, or null when there is none. */
    static RpcJarCache fromSystemProperties() {
        String root = System.getProperty(CACHE_PROPERTY);
        return root == null || root.isBlank() ? null : new RpcJarCache(Path.of(root, "flink-rpc"));
    }

    /**
     * The RPC system loaded from the cached jar (unpacked first when missing), or null when the jar
     * cannot be found or cached: the caller then uses Flink's own loader, as before.
     */
    RpcSystem load() {
        ClassLoader flink = RpcSystem.class.getClassLoader();
        try {
            Path jar = cachedJar(flink);
            if (jar == null) {
                return null;
            }
            SubmoduleClassLoader loader = new SubmoduleClassLoader(new URL[] {jar.toUri().toURL()}, flink);
            Iterator<RpcSystem> systems = ServiceLoader.load(RpcSystem.class, loader).iterator();
            if (!systems.hasNext()) {
                loader.close();
                return null;
            }
            // No temporary file to delete at close: the jar stays in the cache for the next run.
            return new CleanupOnCloseRpcSystem(systems.next(), loader, null);
        } catch (IOException | RuntimeException | java.util.ServiceConfigurationError e) {
            return null;
        }
    }

    /**
     * The cached copy of the RPC jar {@code flink} carries, unpacked into the cache when missing or of
     * the wrong size (written beside it, checked against the recorded CRC-32, then renamed into place,
     * so a killed run never leaves a partial jar under the final name); null when {@code flink} has no
     * such jar inside a jar file.
     */
    Path cachedJar(ClassLoader flink) throws IOException {
        URL url = flink.getResource(ENTRY);
        if (url == null || !"jar".equals(url.getProtocol())) {
            return null;
        }
        String spec = url.getPath(); // file:/.../flink-rpc-akka-loader-V.jar!/flink-rpc-akka.jar
        int bang = spec.indexOf("!/");
        if (bang < 0) {
            return null;
        }
        Path loaderJar;
        try {
            loaderJar = Path.of(URI.create(spec.substring(0, bang)));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
        try (ZipFile zip = new ZipFile(loaderJar.toFile())) {
            ZipEntry entry = zip.getEntry(ENTRY);
            if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) {
                return null;
            }
            Path target = dir.resolve(nameOf(EnvironmentInformation.getVersion(), entry));
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
            removeOthers(target);
            return target;
        }
    }

    /** The cached jar's name: Flink's version, the entry's CRC-32 and its size. */
    static String nameOf(String flinkVersion, ZipEntry entry) {
        return PREFIX + flinkVersion.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + String.format("%08x", entry.getCrc())
                + "-" + entry.getSize() + ".jar";
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Copies of other Flink versions' jars (21 MB each) go when a new one is unpacked. A JVM still
     * running from one keeps reading it (the file stays until it is closed); a later run of that
     * other build unpacks its own again.
     */
    private void removeOthers(Path keep) {
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
