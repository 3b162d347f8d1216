package dev.recon.batch.landing;

import dev.recon.sink.Secrets;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.elasticsearch.ElasticsearchSinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Turns on landing in the analytics stores when {@code RECON_CLICKHOUSE_URL} and/or
 * {@code RECON_ELASTICSEARCH_URL} are set (with their TLS and credential settings, see
 * analytics-sink/README.md). Settings are read from the process environment and from the Spring
 * environment, so a test or a config tree can supply them too; credentials may come from
 * {@code *_FILE} files, never the command line.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyticsLandingConfiguration {

    @Bean
    ResultLanding resultLanding(ConfigurableEnvironment environment,
            org.springframework.beans.factory.ObjectProvider<java.io.PrintStream> progressStream) {
        Secrets settings = new Secrets(reconSettings(environment));
        ClickHouseSinkConfig clickHouse = settings.setting("RECON_CLICKHOUSE_URL").isPresent()
                ? ClickHouseSinkConfig.fromEnvironment(settings) : null;
        ElasticsearchSinkConfig elasticsearch = settings.setting("RECON_ELASTICSEARCH_URL").isPresent()
                ? ElasticsearchSinkConfig.fromEnvironment(settings) : null;
        if (clickHouse == null && elasticsearch == null) {
            return ResultLanding.NONE;
        }
        // progress goes where the launcher sends it (stderr of the process, or a test's stream)
        return new AnalyticsResultLanding(clickHouse, elasticsearch, progressStream.getIfAvailable(() -> System.err));
    }

    /** Every RECON_* setting visible to the application, later property sources losing to earlier ones. */
    static Map<String, String> reconSettings(ConfigurableEnvironment environment) {
        Map<String, String> settings = new HashMap<>();
        for (var source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith("RECON_") && !settings.containsKey(name)) {
                        Object value = enumerable.getProperty(name);
                        if (value != null) {
                            settings.put(name, value.toString());
                        }
                    }
                }
            }
        }
        return settings;
    }
}
