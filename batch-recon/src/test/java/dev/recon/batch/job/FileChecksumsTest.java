package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.batch.ReconInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input checksums taken on a thread of their own while the job starts ({@link FileChecksums#inBackground}):
 * the same text as {@link FileChecksums#sha256}, and a wrong path still refused at once, first in order.
 */
class FileChecksumsTest {

    @TempDir
    Path tmp;

    @Test
    void backgroundChecksumsAreTheFilesOwn() throws IOException {
        Random random = new Random(Long.getLong("recon.seed", 9L));
        Path a = Files.write(tmp.resolve("a.csv"), bytes(random, 3_000_000));
        Path b = Files.write(tmp.resolve("b.csv"), bytes(random, 1));
        Path empty = Files.write(tmp.resolve("empty.csv"), new byte[0]);

        Function<Path, String> sums = FileChecksums.inBackground(List.of(a, b, a, empty));

        // Asked in another order than hashed, and the file named twice answered by its one checksum.
        assertThat(sums.apply(empty)).isEqualTo(FileChecksums.sha256(empty))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(sums.apply(a)).isEqualTo(FileChecksums.sha256(a));
        assertThat(sums.apply(b)).isEqualTo(FileChecksums.sha256(b)).isNotEqualTo(sums.apply(a));
        assertThat(sums.apply(a)).isEqualTo(FileChecksums.sha256(a));
        assertThatThrownBy(() -> sums.apply(tmp.resolve("other.csv"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrongPathIsRefusedAtOnceTheFirstInOrder() throws IOException {
        Path good = Files.writeString(tmp.resolve("good.csv"), "x\n");
        Path missing = tmp.resolve("missing.csv");
        Path folder = Files.createDirectory(tmp.resolve("folder"));

        assertThatThrownBy(() -> FileChecksums.inBackground(List.of(good, missing, folder)))
                .isInstanceOf(ReconInputException.class).hasMessage(missing + ": file not found");
        assertThatThrownBy(() -> FileChecksums.inBackground(List.of(good, folder, missing)))
                .isInstanceOf(ReconInputException.class).hasMessage(folder + ": not a readable file");
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
