package dev.recon.parsers;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Settings a parse needs beyond the bytes. Defaults: UTF-8 (a BOM is always honoured), UTC, the
 * format's own channel name, raw lines kept.
 *
 * @param channel      channel name written on every record; null = the format's default (adyen, stripe, bank...)
 * @param charset      text encoding when the file has no BOM (ISO-8859-1 / windows-1252 for some banks)
 * @param zone         IANA zone for local date-times without an offset (Adyen's TimeZone column
 *                     holds ambiguous abbreviations such as CST, so the configured zone decides)
 * @param mapping      generic CSV mapping file (required for format "generic")
 * @param keepRawLines whether each record carries its masked raw line (audit); off for pure throughput
 */
public record ParseOptions(String channel, Charset charset, ZoneId zone, Path mapping, boolean keepRawLines) {

    public ParseOptions {
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(zone, "zone");
    }

    public static ParseOptions defaults() {
        return new ParseOptions(null, StandardCharsets.UTF_8, ZoneOffset.UTC, null, true);
    }

    public ParseOptions withChannel(String c) {
        return new ParseOptions(c, charset, zone, mapping, keepRawLines);
    }

    public ParseOptions withCharset(Charset c) {
        return new ParseOptions(channel, c, zone, mapping, keepRawLines);
    }

    public ParseOptions withZone(ZoneId z) {
        return new ParseOptions(channel, charset, z, mapping, keepRawLines);
    }

    public ParseOptions withMapping(Path m) {
        return new ParseOptions(channel, charset, zone, m, keepRawLines);
    }

    public ParseOptions withRawLines(boolean keep) {
        return new ParseOptions(channel, charset, zone, mapping, keep);
    }

    /** The configured channel name, or the format's default. */
    public String channelOr(String formatDefault) {
        return channel != null ? channel : formatDefault;
    }
}
