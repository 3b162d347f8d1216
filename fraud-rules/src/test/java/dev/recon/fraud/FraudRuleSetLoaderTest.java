package dev.recon.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.ledger.TransactionType;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FraudRuleSetLoaderTest {

    @Test
    void theShippedDefaultRulesLoad() {
        var in = getClass().getResourceAsStream("/rules/default-fraud-rules.yaml");
        FraudRuleSet set = FraudRuleSetLoader.parse(new InputStreamReader(in, StandardCharsets.UTF_8), "default");
        assertThat(set.version()).isEqualTo("2026-11-01.1");
        assertThat(set.rules()).hasSize(8);
        assertThat(set.scoredTypes()).containsExactlyInAnyOrder(TransactionType.PAYMENT, TransactionType.WITHDRAWAL,
                TransactionType.TOPUP);
        assertThat(set.retention()).containsEntry(Dimension.CUSTOMER, Duration.ofDays(1))
                .containsEntry(Dimension.CARD, Duration.ofMinutes(10)).containsEntry(Dimension.DEVICE, Duration.ofMinutes(15));
    }

    @Test
    void jsonIsAcceptedToo() {
        FraudRuleSet set = FraudRuleSetLoader.parse(new StringReader("""
                {"version": "j1", "rules": [{"id": "m", "type": "country_mismatch", "score": 10}]}
                """), "rules.json");
        assertThat(set.rules()).singleElement().isInstanceOf(FraudRule.CountryMismatch.class);
    }

    @Test
    void everyProblemIsReportedWithItsPlace() {
        assertThatThrownBy(() -> FraudRuleSetLoader.parse(new StringReader("""
                thresholds: {review: 90, decline: 50}
                rules:
                  - {id: a, type: velocity, dimension: WALLET, window: 10 minutes, score: 40}
                  - {id: a, type: amount_threshold, score: 130, thresholds: {EUR: 5000.5}}
                  - {id: c, type: teleport, score: 1}
                  - {id: d, type: amount_threshold, score: 1, thresholds: {EUR: "12.345"}}
                """), "bad.yaml"))
                .isInstanceOf(FraudRuleSetLoader.InvalidRuleSetException.class)
                .hasMessageStartingWith("bad.yaml: ")
                .hasMessageContaining("'version' is required")
                .hasMessageContaining("review (90) must not be above decline (50)")
                .hasMessageContaining("rules[0] 'a': 'dimension' must be one of [CUSTOMER, CARD, DEVICE, IP], was 'WALLET'")
                .hasMessageContaining("rules[0] 'a': 'window' '10 minutes' is not an ISO-8601 duration")
                .hasMessageContaining("rules[0] 'a': a velocity rule needs max_count or max_amounts")
                .hasMessageContaining("rules[1] 'a': duplicate rule id")
                .hasMessageContaining("rules[1] 'a': 'score' must be between 0 and 100, was 130")
                .hasMessageContaining("thresholds.EUR must be quoted")
                .hasMessageContaining("rules[2] 'c': unknown type 'teleport'")
                .hasMessageContaining("rules[3] 'd': thresholds.EUR: amount 12.345 has more than 2 decimal places");
    }

    @Test
    void notYamlAtAllSaysSo() {
        assertThatThrownBy(() -> FraudRuleSetLoader.parse(new StringReader("rules: [unclosed"), "x.yaml"))
                .hasMessageStartingWith("x.yaml: not valid YAML/JSON");
        assertThatThrownBy(() -> FraudRuleSetLoader.parse(new StringReader("- just a list"), "y.yaml"))
                .hasMessage("y.yaml: expected a mapping with 'version' and 'rules'");
    }

    @Test
    void yamlCannotInstantiateClasses() {
        assertThatThrownBy(() -> FraudRuleSetLoader.parse(new StringReader(
                "version: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]"),
                "evil.yaml")).hasMessageStartingWith("evil.yaml: not valid YAML/JSON");
    }
}
