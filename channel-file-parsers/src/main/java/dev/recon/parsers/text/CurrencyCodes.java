package dev.recon.parsers.text;

import dev.recon.core.money.Money;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

/**
 * A per-parse cache in front of {@link Money#currency(String)}: the JDK lookup upper-cases and
 * hashes on every call, which shows up at a million rows per second. Unknown codes are not cached
 * (a fuzzed file could otherwise grow the map without bound); they throw every time.
 */
public final class CurrencyCodes {

    private final Map<String, Currency> known = new HashMap<>();

    public Currency lookup(String code) {
        Currency c = known.get(code);
        if (c == null) {
            c = Money.currency(code);
            if (known.size() < 512) {
                known.put(code, c);
            }
        }
        return c;
    }
}
