package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmClasspathTest {
    @TempDir
    Path dir;

    @Test
    void manifestOnlyJarIsReplacedByItsClassPath() throws Exception {
        Path booter = dir.resolve("surefirebooter.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/a.jar classes/");
        try (OutputStream out = Files.newOutputStream(booter); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        String previous = System.getProperty("java.class.path");
        System.setProperty("java.class.path", booter + File.pathSeparator + "plain.jar");
        try {
            assertThat(JvmClasspath.expanded().split(File.pathSeparator)).containsExactly(
                    dir.resolve("lib/a.jar").toString(), dir.resolve("classes").toString(),
                    Path.of("plain.jar").toAbsolutePath().toString());
        } finally {
            System.setProperty("java.class.path", previous);
        }
    }
}
