package dev.recon.stream.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The benchmarks' command lines ({@code --name value} pairs, as {@code -Dbench.args} passes them) as a map
 * from name to value; a name given twice keeps its last value, a trailing name without a value is ignored.
 * Benchmark mains only: the product's commands parse their options with picocli.
 */
public final class BenchOptions {

    private BenchOptions() {
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
