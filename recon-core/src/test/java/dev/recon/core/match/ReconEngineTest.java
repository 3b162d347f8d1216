package dev.recon.core.match;

import static dev.recon.core.match.Fixtures.D0;
import static dev.recon.core.match.Fixtures.T0;
import static dev.recon.core.match.Fixtures.callback;
import static dev.recon.core.match.Fixtures.entry;
import static dev.recon.core.match.Fixtures.payment;
import static dev.recon.core.match.Fixtures.payout;
import static dev.recon.core.match.Fixtures.refund;
import static dev.recon.core.match.Fixtures.refunded;
import static dev.recon.core.match.Fixtures.settled;
import static dev.recon.core.match.Fixtures.settledFx;
import static dev.recon.core.match.Fixtures.withStatus;
import static dev.recon.core.match.Fixtures.withType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.config.AmountComparison;
import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.FeeRule;
import dev.recon.core.config.MatchKey;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.config.SettlementCalendar;
import dev.recon.core.event.CallbackStatus;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReconEngineTest {

    static final ReconConfig EXACT = ReconConfig.of("v1", ChannelConfig.defaults("adyen"));

    static ReconOutcome batch(ReconConfig cfg, List<LedgerEntry> internal, List<SettlementRecord> lines) {
        ReconOutcome out = ReconEngine.reconcile(internal, lines, ReconContext.batch(cfg, D0, 7L));
        assertThat(out.counts().balanced()).as("counts balance: %s", out.counts()).isTrue();
        return out;
    }

    static ReconResult only(ReconOutcome out) {
        assertThat(out.results()).hasSize(1);
        return out.results().get(0);
    }

    static ReconResult forTxn(ReconOutcome out, String txn) {
        return out.results().stream().filter(r -> txn.equals(r.transactionId())).findFirst().orElseThrow();
    }

    @Nested
    class OneToOne {

        @Test
        void equalAmountsMatchOnChannelRefAndSayWhy() {
            ReconResult r = only(batch(EXACT, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.00", "0.20", "EUR"))));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.breakType()).isNull();
            assertThat(r.rule()).isEqualTo("match:channel_ref");
            assertThat(r.detail()).contains("matched on channel_ref PSP1").contains("amount 10.00 EUR equal");
            assertThat(r.difference().minorUnits()).isZero();
            assertThat(r.fee().toDecimalString()).isEqualTo("0.20");
            assertThat(r.net().toDecimalString()).isEqualTo("9.80");
            assertThat(r.payoutBatch()).isEqualTo("batch-1");
            assertThat(r.version()).isEqualTo(7L);
            assertThat(r.configVersion()).isEqualTo("v1");
            assertThat(r.channelRecords()).isEqualTo(1);
            assertThat(r.source()).contains("ledger.csv:").contains("settlement.csv:");
        }

        @Test
        void merchantReferenceIsTheFallbackWhenTheLedgerHasNoChannelRef() {
            ReconResult r = only(batch(EXACT, List.of(payment("p1", null, "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.00", "0", "EUR"))));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.rule()).isEqualTo("match:merchant_ref");
            assertThat(r.channelRef()).isEqualTo("PSP1");
        }

        @Test
        void amountWithinToleranceMatchesWithEvidence() {
            ReconConfig cfg = ReconConfig.of("v1", ChannelConfig.defaults("adyen").withTolerance(AmountTolerance.absolute("0.05")));
            ReconResult r = only(batch(cfg, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.01", "0", "EUR"))));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.detail()).contains("amount differs 0.01 within tolerance 0.05");
            assertThat(r.difference().toDecimalString()).isEqualTo("0.01");
        }

        @Test
        void amountBeyondToleranceIsAmountMismatch() {
            ReconResult r = only(batch(EXACT, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.50", "0", "EUR"))));
            assertThat(r.breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH);
            assertThat(r.difference().toDecimalString()).isEqualTo("0.50");
            assertThat(r.channelAmount().toDecimalString()).isEqualTo("10.50");
            assertThat(r.detail()).contains("beyond tolerance 0.00");
        }

        @Test
        void netBookedAsGrossIsExplainedAsExactlyTheFee() {
            ReconConfig cfg = ReconConfig.of("v1", ChannelConfig.defaults("adyen").withComparison(AmountComparison.GROSS));
            // The ledger booked the net (9.70), the channel's gross is 10.00 with a 0.30 fee.
            ReconResult r = only(batch(cfg, List.of(payment("p1", "PSP1", "9.70", "EUR")),
                    List.of(settled("PSP1", "p1", "10.00", "0.30", "EUR"))));
            assertThat(r.breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH);
            assertThat(r.detail()).contains("differs by exactly the fee 0.30");
        }

        @Test
        void netComparisonAddsTheFeesBack() {
            ReconConfig cfg = ReconConfig.of("v1", ChannelConfig.defaults("adyen").withComparison(AmountComparison.NET));
            ReconResult r = only(batch(cfg, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.00", "0.30", "EUR"))));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
        }

        @Test
        void currencyMismatchWithoutRate() {
            ReconResult r = only(batch(EXACT, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.00", "0", "USD"))));
            assertThat(r.breakType()).isEqualTo(BreakType.CURRENCY_MISMATCH);
            assertThat(r.detail()).contains("USD").contains("EUR");
        }

        @Test
        void settlementOfAFailedPaymentIsStatusMismatch() {
            LedgerEntry failed = withStatus(payment("p1", "PSP1", "10.00", "EUR"), TransactionStatus.FAILED);
            ReconResult r = only(batch(EXACT, List.of(failed), List.of(settled("PSP1", "p1", "10.00", "0", "EUR"))));
            assertThat(r.breakType()).isEqualTo(BreakType.STATUS_MISMATCH);
            assertThat(r.detail()).contains("our status is FAILED");
        }

        @Test
        void failedPaymentWithoutChannelRecordIsConsistent() {
            LedgerEntry failed = withStatus(payment("p1", "PSP1", "10.00", "EUR"), TransactionStatus.FAILED);
            ReconResult r = only(batch(EXACT, List.of(failed), List.of()));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.rule()).isEqualTo("expect:no_settlement");
        }

        @Test
        void authorisedOnlyAndCancelledExpectNoSettlement() {
            LedgerEntry auth = withStatus(payment("p1", "PSP1", "10.00", "EUR"), TransactionStatus.AUTHORISED);
            LedgerEntry voided = withStatus(payment("p2", "PSP2", "10.00", "EUR"), TransactionStatus.CANCELLED);
            ReconOutcome out = batch(EXACT, List.of(auth, voided), List.of());
            assertThat(out.results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.MATCHED));
        }

        @Test
        void transferHasNoChannelLeg() {
            LedgerEntry t = withType(payment("t1", null, "5.00", "EUR"), TransactionType.TRANSFER);
            ReconResult r = only(batch(EXACT, List.of(t), List.of()));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.rule()).isEqualTo("expect:none");
        }

        @Test
        void missingInChannelWhenDue() {
            ReconResult r = only(batch(EXACT, List.of(payment("p1", "PSP1", "10.00", "EUR")), List.of()));
            assertThat(r.breakType()).isEqualTo(BreakType.MISSING_IN_CHANNEL);
            assertThat(r.difference().toDecimalString()).isEqualTo("-10.00");
            assertThat(r.detail()).contains("expected settlement 2026-11-18");
        }

        @Test
        void missingInternalForAChannelRecordNobodyKnows() {
            ReconResult r = only(batch(EXACT, List.of(), List.of(settled("PSP9", "p9", "10.00", "0", "EUR"))));
            assertThat(r.breakType()).isEqualTo(BreakType.MISSING_INTERNAL);
            assertThat(r.internalRecord()).isFalse();
            assertThat(r.channelRecords()).isEqualTo(1);
            assertThat(r.reconId()).isEqualTo(ReconIds.forChannelRecord(ReconMode.BATCH, "adyen", "S|PSP9|Settled|"));
        }

        @Test
        void secondIdenticalRecordIsDuplicate() {
            ReconOutcome out = batch(EXACT, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.00", "0", "EUR"), settled("PSP1", "p1", "10.00", "0", "EUR")));
            assertThat(out.results()).hasSize(2);
            assertThat(forTxn(out, "p1").status()).isEqualTo(ResultStatus.MATCHED);
            ReconResult dup = out.results().stream().filter(r -> r.breakType() == BreakType.DUPLICATE).findFirst()
                    .orElseThrow();
            assertThat(dup.detail()).contains("copy 2");
            assertThat(dup.reconId()).isNotEqualTo(forTxn(out, "p1").reconId());
        }

        @Test
        void nonPaymentLinesAreReportedNotMatched() {
            ReconOutcome out = batch(EXACT, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.00", "0", "EUR"), payout("10.00", "EUR")));
            assertThat(out.results()).hasSize(1);
            assertThat(out.nonPaymentLines()).singleElement()
                    .satisfies(l -> assertThat(l.category()).isEqualTo(RecordCategory.PAYOUT));
            assertThat(out.counts().channelIn()).isEqualTo(2);
        }
    }

    @Nested
    class Currencies {

        @Test
        void yenHasNoMinorUnits() {
            ReconConfig cfg = ReconConfig.of("v1", ChannelConfig.defaults("adyen").withTolerance(AmountTolerance.absolute("1")));
            ReconResult r = only(batch(cfg, List.of(payment("p1", "PSP1", "1000", "JPY")),
                    List.of(settled("PSP1", "p1", "1001", "0", "JPY"))));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.difference().toDecimalString()).isEqualTo("1");
        }

        @Test
        void bahrainiDinarHasThreeDecimals() {
            ReconConfig cfg = ReconConfig.of("v1", ChannelConfig.defaults("adyen").withTolerance(AmountTolerance.absolute("0.001")));
            ReconOutcome out = batch(cfg, List.of(payment("p1", "PSP1", "10.000", "BHD"), payment("p2", "PSP2", "10.000", "BHD")),
                    List.of(settled("PSP1", "p1", "10.001", "0", "BHD"), settled("PSP2", "p2", "10.002", "0", "BHD")));
            assertThat(forTxn(out, "p1").status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(forTxn(out, "p2").breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH);
            assertThat(forTxn(out, "p2").difference().toDecimalString()).isEqualTo("0.002");
        }

        @Test
        void perCurrencyToleranceOverridesTheChannelDefault() {
            ReconConfig cfg = ReconConfig.of("v1", ChannelConfig.defaults("adyen")
                    .withTolerance(AmountTolerance.absolute("0.01"))
                    .withPerCurrencyTolerance(java.util.Map.of("JPY", AmountTolerance.absolute("5"))));
            ReconOutcome out = batch(cfg, List.of(payment("p1", "PSP1", "1000", "JPY"), payment("p2", "PSP2", "10.00", "EUR")),
                    List.of(settled("PSP1", "p1", "1005", "0", "JPY"), settled("PSP2", "p2", "10.02", "0", "EUR")));
            assertThat(forTxn(out, "p1").status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(forTxn(out, "p2").breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH);
        }

        @Test
        void settlementInAnotherCurrencyIsComparedThroughTheStatedRate() {
            // 100.00 EUR at 0.8500 = 85.00 GBP: net 84.00 + fee 1.00.
            ReconConfig cfg = ReconConfig.of("v1", ChannelConfig.defaults("adyen").withComparison(AmountComparison.NET));
            ReconOutcome out = batch(cfg, List.of(payment("p1", "PSP1", "100.00", "EUR"), payment("p2", "PSP2", "100.00", "EUR")),
                    List.of(settledFx("PSP1", "84.00", "1.00", "GBP", "0.8500"),
                            settledFx("PSP2", "80.00", "1.00", "GBP", "0.8500")));
            ReconResult ok = forTxn(out, "p1");
            assertThat(ok.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(ok.fxRate()).isEqualByComparingTo("0.85");
            assertThat(ok.detail()).contains("at rate 0.8500 = 100.00 EUR");
            assertThat(forTxn(out, "p2").breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH);
        }

        @Test
        void fxRoundingOfOneMinorUnitIsAccepted() {
            // 10.00 EUR at 1.0837 = 10.837 USD, settled as 10.84.
            ReconResult r = only(batch(EXACT, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(settledFx("PSP1", "10.84", "0", "USD", "1.0837"))));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
        }
    }

    @Nested
    class Modifications {

        @Test
        void refundMatchesItsOwnModificationReferenceNotThePayment() {
            ReconOutcome out = batch(EXACT,
                    List.of(payment("p1", "PSP1", "10.00", "EUR"), refund("r1", "p1", "MOD1", "PSP1", "4.00", "EUR")),
                    List.of(settled("PSP1", "p1", "10.00", "0", "EUR"), refunded("PSP1", "MOD1", "p1", "4.00", "EUR")));
            assertThat(out.results()).hasSize(2).allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.MATCHED));
            assertThat(forTxn(out, "r1").channelStatus()).isEqualTo("Refunded");
            assertThat(forTxn(out, "r1").difference().minorUnits()).isZero();
        }

        @Test
        void refundsBeyondTheCaptureAreOverRefund() {
            ReconOutcome out = batch(EXACT,
                    List.of(payment("p1", "PSP1", "10.00", "EUR"), refund("r1", "p1", "MOD1", "PSP1", "6.00", "EUR"),
                            Fixtures.at(refund("r2", "p1", "MOD2", "PSP1", "6.00", "EUR"), T0.plusSeconds(7200))),
                    List.of(settled("PSP1", "p1", "10.00", "0", "EUR"), refunded("PSP1", "MOD1", "p1", "6.00", "EUR"),
                            refunded("PSP1", "MOD2", "p1", "6.00", "EUR")));
            assertThat(forTxn(out, "r1").status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(forTxn(out, "r2").breakType()).isEqualTo(BreakType.OVER_REFUND);
            assertThat(forTxn(out, "r2").detail()).contains("exceed its captured amount");
        }

        @Test
        void refundWithoutModificationReferenceFallsBackToParentRefAndAmount() {
            ReconConfig cfg = ReconConfig.of("v1", ChannelConfig.defaults("adyen").withMatchKeys(
                    List.of(MatchKey.CHANNEL_REF, MatchKey.PARENT_REF_AND_AMOUNT)));
            LedgerEntry r1 = refund("r1", "p1", null, "PSP1", "4.00", "EUR");
            ReconOutcome out = batch(cfg, List.of(r1), List.of(refunded("PSP1", "MOD1", "x", "4.00", "EUR")));
            assertThat(forTxn(out, "r1").status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(forTxn(out, "r1").rule()).isEqualTo("match:parent_ref_and_amount");
        }
    }

    @Nested
    class Groups {

        @Test
        void splitSettlementIsOneToMany() {
            ReconOutcome out = batch(EXACT, List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(capture("PSP1", "C1", "6.00"), capture("PSP1", "C2", "4.00")));
            ReconResult r = only(out);
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.rule()).isEqualTo("match:channel_ref/1:N");
            assertThat(r.channelRecords()).isEqualTo(2);
            assertThat(r.matchGroupId()).startsWith("G-");
        }

        @Test
        void oneBatchLineAgainstSeveralEntriesIsManyToOne() {
            LedgerEntry a = entry("c1", "p1", null, "PSP1", null, TransactionType.CAPTURE, TransactionStatus.SUCCEEDED,
                    "6.00", "EUR", T0);
            LedgerEntry b = entry("c2", "p1", null, "PSP1", null, TransactionType.CAPTURE, TransactionStatus.SUCCEEDED,
                    "4.00", "EUR", T0.plusSeconds(1));
            ReconOutcome out = batch(EXACT, List.of(a, b), List.of(settled("PSP1", "p1", "10.00", "0", "EUR")));
            assertThat(out.results()).hasSize(2).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
                assertThat(r.rule()).isEqualTo("match:channel_ref/N:1");
            });
            assertThat(out.results().stream().mapToInt(ReconResult::channelRecords).sum()).isEqualTo(1);
            assertThat(out.results().get(0).matchGroupId()).isEqualTo(out.results().get(1).matchGroupId());
        }

        @Test
        void manyToOneWithWrongSumIsAmountMismatchOnEveryMember() {
            LedgerEntry a = entry("c1", "p1", null, "PSP1", null, TransactionType.CAPTURE, TransactionStatus.SUCCEEDED,
                    "6.00", "EUR", T0);
            LedgerEntry b = entry("c2", "p1", null, "PSP1", null, TransactionType.CAPTURE, TransactionStatus.SUCCEEDED,
                    "4.00", "EUR", T0.plusSeconds(1));
            ReconOutcome out = batch(EXACT, List.of(a, b), List.of(settled("PSP1", "p1", "9.00", "0", "EUR")));
            assertThat(out.results()).allSatisfy(r -> assertThat(r.breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH));
        }

        private SettlementRecord capture(String ref, String mod, String amount) {
            SettlementRecord s = settled(ref, "p1", amount, "0", "EUR");
            return new SettlementRecord(s.channel(), s.recordType(), s.category(), ref, mod, s.merchantRef(),
                    s.merchantAccount(), s.gross(), s.net(), s.fees(), null, s.bookingDate(), null, null,
                    s.payoutBatch(), null, s.source(), null);
        }
    }

    @Nested
    class Fees {

        ReconConfig withSchedule() {
            FeeRule rule = new FeeRule(RecordCategory.PAYMENT, null, new BigDecimal("150"), new BigDecimal("0.25"),
                    new BigDecimal("0.01"));
            return ReconConfig.of("v1", ChannelConfig.defaults("adyen").withFeeSchedule(List.of(rule)));
        }

        @Test
        void feeWithinScheduleMatches() {
            // 1.5% of 100.00 + 0.25 = 1.75
            ReconResult r = only(batch(withSchedule(), List.of(payment("p1", "PSP1", "100.00", "EUR")),
                    List.of(settled("PSP1", "p1", "100.00", "1.76", "EUR"))));
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.detail()).contains("within schedule");
        }

        @Test
        void feeOutsideScheduleIsFeeMismatch() {
            ReconResult r = only(batch(withSchedule(), List.of(payment("p1", "PSP1", "100.00", "EUR")),
                    List.of(settled("PSP1", "p1", "100.00", "2.50", "EUR"))));
            assertThat(r.breakType()).isEqualTo(BreakType.FEE_MISMATCH);
            assertThat(r.detail()).contains("fee charged 2.50 EUR but the schedule gives 1.75 EUR");
        }
    }

    @Nested
    class Time {

        ReconConfig lagged() {
            SettlementCalendar cal = new SettlementCalendar(ZoneId.of("Europe/Amsterdam"), LocalTime.MIDNIGHT, 2,
                    Set.of(), Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Duration.ofMinutes(15));
            return ReconConfig.of("v1", ChannelConfig.defaults("adyen").withCalendar(cal));
        }

        @Test
        void capturedAt2359IsPendingUntilSettledTwoBusinessDaysLaterThenMatchedUnderTheSameId() {
            // 23:59 Amsterdam on Wednesday 18 Nov = 22:59Z; T+2 = Friday 20 Nov.
            LedgerEntry p = Fixtures.at(payment("p1", "PSP1", "10.00", "EUR"), java.time.Instant.parse("2026-11-18T22:59:00Z"));
            ReconOutcome day1 = ReconEngine.reconcile(List.of(p), List.of(),
                    ReconContext.batch(lagged(), LocalDate.parse("2026-11-19"), 1));
            ReconResult pending = only(day1);
            assertThat(pending.status()).isEqualTo(ResultStatus.PENDING);
            assertThat(pending.expectedDate()).isEqualTo(LocalDate.parse("2026-11-20"));
            ReconOutcome day2 = ReconEngine.reconcile(List.of(p), List.of(settled("PSP1", "p1", "10.00", "0", "EUR")),
                    ReconContext.batch(lagged(), LocalDate.parse("2026-11-20"), 2));
            ReconResult matched = only(day2);
            assertThat(matched.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(matched.reconId()).isEqualTo(pending.reconId());
            assertThat(matched.version()).isEqualTo(2);
        }

        @Test
        void overdueItemsAgeFromTheExpectedSettlementDate() {
            LedgerEntry p = payment("p1", "PSP1", "10.00", "EUR"); // Wed 18 Nov -> expected Fri 20 Nov
            ReconResult r = only(ReconEngine.reconcile(List.of(p), List.of(),
                    ReconContext.batch(lagged(), LocalDate.parse("2026-11-24"), 1)));
            assertThat(r.breakType()).isEqualTo(BreakType.MISSING_IN_CHANNEL);
            assertThat(r.ageDays()).isEqualTo(4);
        }
    }

    @Nested
    class Stream {

        ReconContext at(java.time.Instant watermark) {
            return ReconContext.stream(EXACT, watermark, 1);
        }

        @Test
        void paymentWithMatchingCallbackIsMatched() {
            MatchDecision d = ReconEngine.decide(List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(ChannelLeg.of(callback("cb1", "PSP1", "p1", CallbackStatus.CAPTURED, "10.00", "EUR", T0))),
                    at(T0));
            assertThat(d.results()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
                assertThat(r.mode()).isEqualTo(ReconMode.STREAM);
                assertThat(r.channelStatus()).isEqualTo("CAPTURED");
            });
            assertThat(d.complete()).isTrue();
        }

        @Test
        void missingCallbackIsPendingUntilTheTimeoutThenABreakWithTheSameId() {
            List<LedgerEntry> in = List.of(payment("p1", "PSP1", "10.00", "EUR"));
            MatchDecision early = ReconEngine.decide(in, List.of(), at(T0.plusSeconds(60)));
            assertThat(early.results().get(0).status()).isEqualTo(ResultStatus.PENDING);
            assertThat(early.complete()).isFalse();
            MatchDecision late = ReconEngine.decide(in, List.of(), at(T0.plusSeconds(15 * 60)));
            assertThat(late.results().get(0).breakType()).isEqualTo(BreakType.MISSING_IN_CHANNEL);
            assertThat(late.results().get(0).reconId()).isEqualTo(early.results().get(0).reconId());
        }

        @Test
        void endOfInputDecidesEverything() {
            MatchDecision d = ReconEngine.decide(List.of(payment("p1", "PSP1", "10.00", "EUR")), List.of(),
                    at(T0).atEndOfInput());
            assertThat(d.results().get(0).breakType()).isEqualTo(BreakType.MISSING_IN_CHANNEL);
        }

        @Test
        void redeliveredCallbackIsIgnoredNotADuplicate() {
            var cb = callback("cb1", "PSP1", "p1", CallbackStatus.CAPTURED, "10.00", "EUR", T0);
            MatchDecision d = ReconEngine.decide(List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(ChannelLeg.of(cb), ChannelLeg.of(cb)), at(T0));
            assertThat(d.results()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(ResultStatus.MATCHED));
            assertThat(d.ignoredRedeliveries()).hasSize(1);
        }

        @Test
        void callbackSayingFailedForOurSucceededPaymentIsStatusMismatch() {
            MatchDecision d = ReconEngine.decide(List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(ChannelLeg.of(callback("cb1", "PSP1", "p1", CallbackStatus.FAILED, "10.00", "EUR", T0))),
                    at(T0));
            assertThat(d.results().get(0).breakType()).isEqualTo(BreakType.STATUS_MISMATCH);
        }

        @Test
        void conflictingCallbacksAreReported() {
            MatchDecision d = ReconEngine.decide(List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(ChannelLeg.of(callback("cb1", "PSP1", "p1", CallbackStatus.CAPTURED, "10.00", "EUR", T0)),
                            ChannelLeg.of(callback("cb2", "PSP1", "p1", CallbackStatus.FAILED, "10.00", "EUR", T0))),
                    at(T0));
            assertThat(d.results()).singleElement().satisfies(r -> {
                assertThat(r.breakType()).isEqualTo(BreakType.STATUS_MISMATCH);
                assertThat(r.detail()).contains("conflicting callbacks");
                assertThat(r.channelRecords()).isEqualTo(2);
            });
        }

        @Test
        void callbackWithoutPaymentWaitsThenIsMissingInternal() {
            var leg = ChannelLeg.of(callback("cb1", "PSP1", "p1", CallbackStatus.CAPTURED, "10.00", "EUR", T0));
            assertThat(ReconEngine.decide(List.of(), List.of(leg), at(T0)).results().get(0).status())
                    .isEqualTo(ResultStatus.PENDING);
            assertThat(ReconEngine.decide(List.of(), List.of(leg), at(T0.plusSeconds(3600))).results().get(0).breakType())
                    .isEqualTo(BreakType.MISSING_INTERNAL);
        }

        @Test
        void callbackAmountMismatchIsEmittedAtOnce() {
            MatchDecision d = ReconEngine.decide(List.of(payment("p1", "PSP1", "10.00", "EUR")),
                    List.of(ChannelLeg.of(callback("cb1", "PSP1", "p1", CallbackStatus.CAPTURED, "11.00", "EUR", T0))),
                    at(T0));
            assertThat(d.results().get(0).breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH);
        }

        @Test
        void laterEventOfTheSameTransactionSupersedesTheEarlierOne() {
            LedgerEntry auth = withStatus(payment("p1", "PSP1", "10.00", "EUR"), TransactionStatus.AUTHORISED);
            LedgerEntry captured = Fixtures.at(payment("p1", "PSP1", "10.00", "EUR"), T0.plusSeconds(5));
            MatchDecision d = ReconEngine.decide(List.of(captured, auth),
                    List.of(ChannelLeg.of(callback("cb1", "PSP1", "p1", CallbackStatus.CAPTURED, "10.00", "EUR", T0))),
                    at(T0));
            assertThat(d.results()).singleElement().satisfies(r -> {
                assertThat(r.internalStatus()).isEqualTo("SUCCEEDED");
                assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            });
            assertThat(d.supersededEntries()).hasSize(1);
        }

        @Test
        void sameRecordsGiveTheSameDecisionInStreamAndBatch() {
            LedgerEntry p = payment("p1", "PSP1", "10.00", "EUR");
            SettlementRecord s = settled("PSP1", "p1", "10.50", "0", "EUR");
            ReconResult streamed = ReconEngine.decide(List.of(p), List.of(ChannelLeg.of(s)), at(T0)).results().get(0);
            ReconResult batched = only(batch(EXACT, List.of(p), List.of(s)));
            assertThat(streamed.breakType()).isEqualTo(batched.breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH);
            assertThat(streamed.detail()).isEqualTo(batched.detail());
        }

        @Test
        void feeAndPayoutLinesAreRejectedByTheKeyDecision() {
            assertThatThrownBy(() -> ReconEngine.decide(List.of(), List.of(ChannelLeg.of(payout("1.00", "EUR"))), at(T0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-payment");
        }
    }

    @Nested
    class NearMiss {

        @Test
        void referenceOneCharacterOffIsNamedWithTheCandidate() {
            ReconOutcome out = batch(EXACT, List.of(payment("p1", "PSP123456", "10.00", "EUR")),
                    List.of(settled("PSP123457", "other", "10.00", "0", "EUR")));
            ReconResult missing = forTxn(out, "p1");
            assertThat(missing.breakType()).isEqualTo(BreakType.MISSING_IN_CHANNEL);
            assertThat(missing.nearMiss()).contains("reference differs by 1 character (PSP123456 vs PSP123457)")
                    .contains("same amount and currency");
            ReconResult orphan = out.results().stream().filter(r -> r.breakType() == BreakType.MISSING_INTERNAL)
                    .findFirst().orElseThrow();
            assertThat(orphan.nearMiss()).contains("ledger p1");
        }

        @Test
        void amountDifferingByTheFeeIsExplained() {
            ReconOutcome out = batch(EXACT, List.of(payment("p1", "AAA", "9.70", "EUR")),
                    List.of(settled("ZZZZZZ", "other", "10.00", "0.30", "EUR")));
            assertThat(forTxn(out, "p1").nearMiss()).contains("the fee 0.30");
        }

        @Test
        void nothingSimilarGivesNoNearMiss() {
            ReconOutcome out = batch(EXACT, List.of(payment("p1", "AAAAAA", "1.00", "EUR")),
                    List.of(settled("ZZZZZZ", "other", "99.00", "0", "EUR")));
            assertThat(forTxn(out, "p1").nearMiss()).isNull();
        }
    }

    @Test
    void reconIdDependsOnModeChannelAndTransactionOnly() {
        String a = ReconIds.forEntry(ReconMode.BATCH, "adyen", "t1");
        assertThat(ReconIds.forEntry(ReconMode.BATCH, "adyen", "t1")).isEqualTo(a);
        assertThat(ReconIds.forEntry(ReconMode.STREAM, "adyen", "t1")).isNotEqualTo(a);
        assertThat(ReconIds.forEntry(ReconMode.BATCH, "stripe", "t1")).isNotEqualTo(a);
        assertThat(ReconIds.forEntry(ReconMode.BATCH, "adyen", "t2")).isNotEqualTo(a);
    }
}
