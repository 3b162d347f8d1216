package dev.recon.parsers;

import dev.recon.parsers.adyen.AdyenSettlementParser;
import dev.recon.parsers.canonical.CanonicalCsvParser;
import dev.recon.parsers.generic.GenericCsvMapping;
import dev.recon.parsers.generic.GenericCsvParser;
import dev.recon.parsers.swift.Mt940Parser;
import dev.recon.parsers.camt.CamtParser;
import dev.recon.parsers.paypal.PayPalReportParser;
import dev.recon.parsers.bai2.Bai2Parser;
import dev.recon.parsers.nacha.NachaReturnParser;
import dev.recon.parsers.stripe.StripePayoutParser;
import java.io.IOException;
import java.util.List;

/**
 * The registry of format names the CLI and the batch job accept ({@code --format}). "auto" is not a
 * parser: it asks {@link FormatDetector} to name one from the file's content.
 */
public final class Formats {

    public static final String AUTO = "auto";

    /** Every name {@code --format} accepts, in documentation order. */
    public static final List<String> NAMES = List.of("adyen", "stripe", "paypal-stl", "paypal-trr", "mt940", "mt942",
            "camt053", "camt054", "bai2", "nacha", "generic", "canonical", AUTO);

    private Formats() {
    }

    /**
     * The parser for a format name.
     *
     * @throws IllegalArgumentException for an unknown name (a usage error: exit status 2)
     * @throws ParseException           when the generic mapping file is missing or invalid
     */
    public static SettlementFileParser parser(String name, ParseOptions options) throws ParseException, IOException {
        return switch (name) {
            case AdyenSettlementParser.FORMAT -> new AdyenSettlementParser(options);
            case CanonicalCsvParser.FORMAT -> new CanonicalCsvParser(options);
            case GenericCsvParser.FORMAT -> {
                if (options.mapping() == null) {
                    throw new IllegalArgumentException("format 'generic' needs a mapping file (--mapping FILE)");
                }
                yield new GenericCsvParser(GenericCsvMapping.load(options.mapping()), options);
            }
            case "mt940", "mt942" -> new Mt940Parser(name, options);
            case "camt053", "camt054" -> new CamtParser(name, options);
            case StripePayoutParser.FORMAT -> new StripePayoutParser(options);
            case NachaReturnParser.FORMAT -> new NachaReturnParser(options);
            case Bai2Parser.FORMAT -> new Bai2Parser(options);
            case "paypal-stl", "paypal-trr" -> new PayPalReportParser(name, options);
            case AUTO -> throw new IllegalArgumentException("'auto' needs a file: use Formats.forFile");
            default -> throw new IllegalArgumentException(NAMES.contains(name)
                    ? "format '" + name + "' is not implemented yet"
                    : "unknown format '" + name + "'; known formats: " + String.join(", ", NAMES));
        };
    }

    /** The parser for a format name, resolving "auto" from the file's content. */
    public static SettlementFileParser forFile(String name, InputSource file, ParseOptions options)
            throws ParseException, IOException {
        String resolved = AUTO.equals(name) ? FormatDetector.detect(file, options) : name;
        return parser(resolved, options);
    }
}
