package dev.recon.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The running JVM's classpath as plain paths, for starting a helper process with the same classes.
 * Surefire and Failsafe start test JVMs through a manifest-only jar that lives in {@code target/}
 * and is deleted when the test JVM ends; a server that must outlive the test JVM needs the real
 * entries, so manifest {@code Class-Path} entries are expanded.
 */
final class JvmClasspath {
    private JvmClasspath() {
    }

    static String expanded() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            List<String> fromManifest = manifestClassPath(Path.of(entry));
            if (fromManifest.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            } else {
                entries.addAll(fromManifest);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        List<String> result = new ArrayList<>();
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return result;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            // Only a manifest-only jar (no classes of its own) is replaced by its Class-Path.
            if (classPath == null || file.stream().anyMatch(e -> e.getName().endsWith(".class"))) {
                return result;
            }
            for (String item : classPath.trim().split("\\s+")) {
                URI uri = jar.toUri().resolve(item);
                result.add("file".equals(uri.getScheme()) ? Path.of(uri).toString() : item);
            }
        } catch (IOException | RuntimeException e) {
            return new ArrayList<>();
        }
        return result;
    }
}
