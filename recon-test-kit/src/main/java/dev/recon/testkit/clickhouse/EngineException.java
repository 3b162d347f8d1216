package dev.recon.testkit.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error reported by the engine, carrying ClickHouse's numeric error code so the endpoint can
 * answer the way a real server does ({@code X-ClickHouse-Exception-Code} plus
 * {@code Code: N. DB::Exception: ...} as the body).
 *
 * <p>Assumption: chDB formats its errors like the server ({@code Code: 62. DB::Exception: ...}).
 * Errors raised by the endpoint itself (bad request, unsupported feature) are given a code from
 * ClickHouse's own list so clients map them to the right exception type.
 */
public final class EngineException extends Exception {

    private static final long serialVersionUID = 1L;

    /** ClickHouse's BAD_ARGUMENTS. */
    public static final int BAD_ARGUMENTS = 36;
    /** ClickHouse's NOT_IMPLEMENTED. */
    public static final int NOT_IMPLEMENTED = 48;
    /** ClickHouse's CANNOT_DECOMPRESS. */
    public static final int CANNOT_DECOMPRESS = 271;
    /** ClickHouse's UNKNOWN_EXCEPTION: used when the engine's text carries no code. */
    public static final int UNKNOWN_EXCEPTION = 1002;

    private static final Pattern CODE = Pattern.compile("Code:\\s*(\\d+)");

    private final int code;

    private EngineException(int code, String clickHouseText) {
        super(clickHouseText);
        this.code = code;
    }

    /** Wraps an error text as the engine returned it; the code is read from the text when present. */
    public static EngineException fromEngineText(String text) {
        String trimmed = text == null ? "" : text.strip();
        Matcher matcher = CODE.matcher(trimmed);
        if (matcher.find()) {
            return new EngineException(Integer.parseInt(matcher.group(1)), trimmed);
        }
        return new EngineException(UNKNOWN_EXCEPTION,
                "Code: " + UNKNOWN_EXCEPTION + ". DB::Exception: " + trimmed + ". (UNKNOWN_EXCEPTION)");
    }

    /** An error raised by the endpoint itself, formatted like a server exception. */
    public static EngineException of(int code, String name, String message) {
        return new EngineException(code, "Code: " + code + ". DB::Exception: " + message + ". (" + name + ")");
    }

    /** ClickHouse's numeric error code. */
    public int code() {
        return code;
    }
}
