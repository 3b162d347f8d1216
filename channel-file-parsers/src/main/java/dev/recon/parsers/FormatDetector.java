package dev.recon.parsers;

import dev.recon.parsers.text.CsvRows;
import dev.recon.parsers.text.DecodedInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names the format of a file from its first 16 KiB of content, never from its name: XML namespace
 * for camt, SWIFT envelope or tags for MT940/MT942, record codes for BAI2, NACHA and PayPal, header
 * columns for the CSV reports. A file that matches nothing fails with {@code FILE:1: reason} so the
 * user can pass {@code --format} explicitly.
 */
public final class FormatDetector {

    private static final int PEEK_CHARS = 16 * 1024;

    private FormatDetector() {
    }

    public static String detect(InputSource file, ParseOptions options) throws ParseException, IOException {
        String head = DecodedInput.head(file, options.charset(), PEEK_CHARS);
        String detected = detect(head);
        if (detected == null) {
            throw new ParseException(file.name(), 1, "cannot detect the format from the content; pass --format (one of "
                    + String.join(", ", Formats.NAMES.subList(0, Formats.NAMES.size() - 1)) + ")");
        }
        return detected;
    }

    /** The format name for the start of a file, or null. */
    static String detect(String head) {
        String text = stripLeading(head);
        if (text.startsWith("<")) {
            if (text.contains("camt.053") || text.contains("camt.052")) {
                return "camt053";
            }
            if (text.contains("camt.054")) {
                return "camt054";
            }
            return null;
        }
        boolean swiftTags = (text.startsWith(":20:") || head.contains("\n:20:") || head.contains("\r:20:"))
                && head.contains(":25:");
        if (text.startsWith("{1:") || text.startsWith("{4:") || swiftTags) {
            boolean mt942 = head.contains("{2:O942") || head.contains("{2:I942") || head.contains(":13D:")
                    || head.contains(":34F:") || head.contains(":90D:") || head.contains(":90C:");
            return mt942 ? "mt942" : "mt940";
        }
        List<String> lines = firstLines(text, 64);
        if (lines.isEmpty()) {
            return null;
        }
        String first = lines.get(0);
        if (first.startsWith("01,")) {
            return "bai2";
        }
        if (first.startsWith("101") && first.length() >= 94) {
            return "nacha";
        }
        String firstField = firstField(first);
        if ("RH".equals(firstField)) {
            for (String line : lines) {
                if ("CH".equals(firstField(line))) {
                    return line.contains("Transactional Status") ? "paypal-trr" : "paypal-stl";
                }
            }
            return "paypal-stl";
        }
        List<String> header = new ArrayList<>();
        for (String f : first.split(",", -1)) {
            header.add(CsvRows.normalise(f.replace("\"", "")));
        }
        if (header.contains("psp reference") && header.contains("type")) {
            return "adyen";
        }
        if (header.contains("balance_transaction_id") || header.contains("reporting_category")) {
            return "stripe";
        }
        if (header.contains("record_type") && header.contains("category") && header.contains("net_currency")) {
            return "canonical";
        }
        return null;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '\uFEFF' || s.charAt(i) == '\u0001')) {
            i++;
        }
        return s.substring(i);
    }

    private static List<String> firstLines(String text, int max) {
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\r\n|\n|\r")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
            if (lines.size() >= max) {
                break;
            }
        }
        return lines;
    }

    private static String firstField(String line) {
        int comma = line.indexOf(',');
        String f = comma < 0 ? line : line.substring(0, comma);
        return f.replace("\"", "").trim().toUpperCase(Locale.ROOT);
    }
}
