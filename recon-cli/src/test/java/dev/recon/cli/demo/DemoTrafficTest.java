package dev.recon.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.security.CardNumberMasker;
import dev.recon.parsers.Formats;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import dev.recon.parsers.RecordSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrafficTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesByteIdenticalFilesAndAnotherSeedDoesNot() throws Exception {
        DemoTraffic.Written a = new DemoTraffic(DAY, 1_000, 7).writeTo(dir.resolve("a"));
        DemoTraffic.Written b = new DemoTraffic(DAY, 1_000, 7).writeTo(dir.resolve("b"));
        DemoTraffic.Written c = new DemoTraffic(DAY, 1_000, 8).writeTo(dir.resolve("c"));

        for (String f : List.of("payment-events.jsonl", "channel-callbacks.jsonl", "ledger.csv",
                "settlement_detail_report_batch_1.csv", "expected.csv")) {
            assertThat(Files.mismatch(a.dir().resolve(f), b.dir().resolve(f))).as(f).isEqualTo(-1L);
        }
        assertThat(Files.mismatch(a.callbacks(), c.callbacks())).isNotEqualTo(-1L);
    }

    @Test
    void everyBreakTypeEachLegCanShowIsInjectedAtLeastOnce() throws Exception {
        DemoTraffic.Written w = new DemoTraffic(DAY, 1_000, 42).writeTo(dir);

        Map<String, Set<String>> outcomes = w.expectations().stream().collect(Collectors.groupingBy(
                DemoTraffic.Expectation::leg, Collectors.mapping(DemoTraffic.Expectation::outcome, Collectors.toSet())));
        assertThat(outcomes.get(DemoTraffic.STREAM)).contains("MATCHED", "MISSING_IN_CHANNEL", "MISSING_INTERNAL",
                "AMOUNT_MISMATCH", "STATUS_MISMATCH", "DUPLICATE");
        assertThat(outcomes.get(DemoTraffic.BATCH)).contains("MATCHED", "PENDING", "MISSING_IN_CHANNEL",
                "MISSING_INTERNAL", "AMOUNT_MISMATCH", "FEE_MISMATCH", "DUPLICATE");
        assertThat(Set.copyOf(w.fraudPatterns().values())).containsExactlyInAnyOrderElementsOf(
                DemoTraffic.fraudPatternNames());
        assertThat(DemoCheck.RULE_FOR_PATTERN.keySet()).containsExactlyInAnyOrderElementsOf(DemoTraffic.fraudPatternNames());
    }

    @Test
    void eventLinesAreTheContractExceptTheInjectedBadOnesAndCarryNoCardNumber() throws Exception {
        DemoTraffic.Written w = new DemoTraffic(DAY, 500, 3).writeTo(dir);

        List<String> refused = new ArrayList<>();
        List<PaymentEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(w.events())) {
            assertThat(CardNumberMasker.containsCardNumber(line.replaceAll("8815\\d{12}", ""))).as(line).isFalse();
            try {
                events.add(PaymentEventJson.read(line, null));
            } catch (EventRejectedException e) {
                refused.add(e.getMessage());
            }
        }
        List<ChannelCallback> callbacks = new ArrayList<>();
        for (String line : Files.readAllLines(w.callbacks())) {
            try {
                callbacks.add(ChannelCallbackJson.read(line, null));
            } catch (EventRejectedException e) {
                refused.add(e.getMessage());
            }
        }

        assertThat(refused).hasSize(w.deadLetters());
        assertThat(events.size() + callbacks.size() + refused.size()).isEqualTo(w.eventLines() + w.callbackLines());
        // PSP references are 16 digits like Adyen's and some pass Luhn: they must survive reading intact.
        assertThat(events).allSatisfy(e -> assertThat(e.channelRef()).matches("8815\\d{12}"));
        assertThat(callbacks).allSatisfy(c -> assertThat(c.channelRef()).matches("8815\\d{12}"));
    }

    @Test
    void theSettlementReportParsesAsAdyenWithItsControlTotalsTyingAndOneRowQuarantined() throws Exception {
        DemoTraffic.Written w = new DemoTraffic(DAY, 1_000, 42).writeTo(dir);

        ParseResult result = Formats.forFile("auto", InputSource.of(w.settlement()), ParseOptions.defaults())
                .parse(InputSource.of(w.settlement()), RecordSink.discarding());

        assertThat(result.format()).isEqualTo("adyen");
        assertThat(result.controlTotalsOk()).as("%s", result.failedChecks()).isTrue();
        assertThat(result.quarantined()).isEqualTo(w.quarantinedRows()).isEqualTo(1);
        assertThat(result.countsBalance()).isTrue();
        assertThat(result.rowsRead()).isEqualTo(w.settlementRows());
    }

    @Test
    void tooFewPaymentsToHoldEveryPatternAreRefused() {
        assertThatThrownBy(() -> new DemoTraffic(DAY, 99, 1)).hasMessageContaining("at least 100");
    }
}
