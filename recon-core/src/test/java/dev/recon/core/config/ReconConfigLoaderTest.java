package dev.recon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconConfigLoaderTest {

    static final String EXAMPLE = """
            version: "2026-11-01.1"
            defaults:
              time_zone: UTC
              tolerance: { absolute: "0.01" }
            channels:
              adyen:
                time_zone: Europe/Amsterdam
                cutoff: "18:00"
                settlement_lag_days: 2
                holidays: [2026-12-25, "2026-12-26"]
                callback_timeout: PT30M
                match_keys: [channel_ref, modification_ref, merchant_ref, parent_ref_and_amount]
                compare: gross
                date_window_days: 5
                tolerance:
                  absolute: "0.05"
                  relative_bps: 2.5
                  per_currency:
                    JPY: { absolute: "5" }
                fx_tolerance_bps: 10
                fee_schedule:
                  - { category: PAYMENT, currency: EUR, percent_bps: 150, fixed: "0.25", tolerance: "0.01" }
              stripe: {}
            """;

    @Test
    void theDocumentedExampleLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recon.yaml");
        Files.writeString(file, EXAMPLE);
        ReconConfig cfg = ReconConfigLoader.load(file);
        assertThat(cfg.version()).isEqualTo("2026-11-01.1");
        ChannelConfig adyen = cfg.channel("adyen");
        assertThat(adyen.calendar().zone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
        assertThat(adyen.calendar().cutoff()).isEqualTo(LocalTime.of(18, 0));
        assertThat(adyen.calendar().lagBusinessDays()).isEqualTo(2);
        assertThat(adyen.calendar().holidays()).contains(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-26"));
        assertThat(adyen.calendar().callbackTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(adyen.matchKeys()).containsExactly(MatchKey.CHANNEL_REF, MatchKey.MODIFICATION_REF,
                MatchKey.MERCHANT_REF, MatchKey.PARENT_REF_AND_AMOUNT);
        assertThat(adyen.dateWindowDays()).isEqualTo(5);
        assertThat(adyen.resolvedTolerance(Money.currency("EUR")).absoluteMinor()).isEqualTo(5);
        assertThat(adyen.resolvedTolerance(Money.currency("EUR")).relativePpm()).isEqualTo(250);
        assertThat(adyen.resolvedTolerance(Money.currency("JPY")).absoluteMinor()).isEqualTo(5);
        assertThat(adyen.feeRuleFor(RecordCategory.PAYMENT, Money.currency("EUR"))).isPresent();
        assertThat(adyen.feeRuleFor(RecordCategory.PAYMENT, Money.currency("USD"))).isEmpty();
        // stripe inherits the defaults; an unconfigured channel too.
        assertThat(cfg.channel("stripe").resolvedTolerance(Money.currency("EUR")).absoluteMinor()).isEqualTo(1);
        assertThat(cfg.channel("paypal").resolvedTolerance(Money.currency("EUR")).absoluteMinor()).isEqualTo(1);
        assertThat(cfg.channel("paypal").name()).isEqualTo("paypal");
    }

    @Test
    void jsonIsAcceptedToo() {
        ReconConfig cfg = ReconConfigLoader.parse("{\"version\": \"j1\", \"channels\": {\"adyen\": {\"settlement_lag_days\": 1}}}",
                "recon.json");
        assertThat(cfg.channel("adyen").calendar().lagBusinessDays()).isEqualTo(1);
    }

    @Test
    void unquotedCutoffIsReadAsATimeNotSexagesimal() {
        ReconConfig cfg = ReconConfigLoader.parse("version: x\nchannels:\n  a:\n    cutoff: 18:30\n", "r.yaml");
        assertThat(cfg.channel("a").calendar().cutoff()).isEqualTo(LocalTime.of(18, 30));
    }

    @Test
    void errorsNameTheFileAndTheSetting() {
        List<String[]> cases = List.of(
                new String[] {"version: x\nchannels:\n  adyen:\n    tolerance: { absolute: '0.0x' }\n",
                    "r.yaml: channels.adyen.tolerance.absolute: '0.0x' is not a decimal number"},
                new String[] {"version: x\nchannels:\n  adyen:\n    tolerence: {}\n",
                    "r.yaml: channels.adyen.tolerence: unknown setting"},
                new String[] {"version: x\nchannels:\n  adyen:\n    time_zone: Mars/Olympus\n",
                    "r.yaml: channels.adyen.time_zone: 'Mars/Olympus' is not an IANA time zone"},
                new String[] {"version: x\nchannels:\n  adyen:\n    match_keys: [channel_ref, iban]\n",
                    "r.yaml: channels.adyen.match_keys[1]: 'iban' is not one of"},
                new String[] {"version: x\nchannels:\n  adyen:\n    tolerance: { per_currency: { XYZ: { absolute: '1' } } }\n",
                    "r.yaml: channels.adyen.tolerance.per_currency.XYZ: currency 'XYZ' is not an ISO 4217 code"},
                new String[] {"version: x\nchannels:\n  adyen:\n    settlement_lag_days: -1\n",
                    "r.yaml: channels.adyen: settlement_lag_days must not be negative"},
                new String[] {"version: x\nchannels:\n  adyen:\n    holidays: [2026-13-01]\n",
                    "r.yaml: channels.adyen.holidays[0]: '2026-13-01' is not a date"},
                new String[] {"version: x\nchannels:\n  adyen:\n    fee_schedule: [{ percent_bps: 1 }]\n",
                    "r.yaml: channels.adyen.fee_schedule[0].category: is required"},
                new String[] {"channels: {}\n", "r.yaml: version: is required"},
                new String[] {"version: x\nchannels: [a, b]\n", "r.yaml: channels: expected a mapping"},
                new String[] {"version: [unclosed\n", "r.yaml: not valid YAML/JSON"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> ReconConfigLoader.parse(c[0], "r.yaml"))
                    .as(c[0]).isInstanceOf(ConfigException.class).hasMessageStartingWith(c[1]);
        }
    }

    @Test
    void commandLineToleranceOverridesOnlyTheAbsolutePartOfOneChannel() {
        ReconConfig cfg = ReconConfigLoader.parse(EXAMPLE, "recon.yaml")
                .withAbsoluteTolerance("adyen", new java.math.BigDecimal("0.10"));
        AmountTolerance.Resolved eur = cfg.channel("adyen").resolvedTolerance(Money.currency("EUR"));
        assertThat(eur.absoluteMinor()).isEqualTo(10);
        assertThat(eur.relativePpm()).isEqualTo(250);
        assertThat(cfg.channel("adyen").calendar().lagBusinessDays()).isEqualTo(2);
        assertThat(cfg.channel("stripe").resolvedTolerance(Money.currency("EUR")).absoluteMinor()).isEqualTo(1);
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> ReconConfigLoader.load(Path.of("/nonexistent/recon.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("/nonexistent/recon.yaml: cannot read");
    }
}
