package dev.recon.core.event.json;

import dev.recon.core.security.CardNumberMasker;
import java.nio.charset.StandardCharsets;

/**
 * The original bytes of a refused line as they may be kept for audit (dead-letter topic,
 * quarantine file): byte for byte the same except that every full card number is masked.
 *
 * <p>Why ISO-8859-1: it maps each byte to one char and back, so bytes that are not valid UTF-8
 * (often the reason a line was refused) survive unchanged, while ASCII digits are still found.
 */
public final class MaskedOriginal {

    private MaskedOriginal() {
    }

    public static byte[] of(byte[] original) {
        if (original == null) {
            return new byte[0];
        }
        String latin = new String(original, StandardCharsets.ISO_8859_1);
        String masked = CardNumberMasker.mask(latin);
        return masked == latin ? original : masked.getBytes(StandardCharsets.ISO_8859_1);
    }
}
