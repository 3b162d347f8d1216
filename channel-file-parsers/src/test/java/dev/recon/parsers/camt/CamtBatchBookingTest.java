package dev.recon.parsers.camt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.CollectingSink;
import dev.recon.parsers.ControlCheck;
import dev.recon.parsers.Fixtures;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch bookings (one {@code Ntry}, several {@code TxDtls}): one record per transaction with its
 * own references and amount, the entry's dates and status, and the controls tying the details to
 * the entry. Statements are generated here; the public samples are in SamplesTest.
 */
class CamtBatchBookingTest {

    private static final String V08 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";
    private static final String V02 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";

    /** One TxDtls of a generated entry; null fields are left out of the XML. */
    record Tx(String endToEnd, String txId, String bankRef, String amount, String ccy, String cdtDbt, String ustrd,
            String returnReason) {
        static Tx of(String endToEnd, String amount) {
            return new Tx(endToEnd, "TX-" + endToEnd, null, amount, amount == null ? null : "EUR", null,
                    "invoice " + endToEnd, null);
        }
    }

    /** XML of one entry; {@code v02} puts the amount only in AmtDtls/TxAmt, v08 in both places. */
    static String entry(boolean v02, String amount, String cdtDbt, boolean reversal, String batchCount, String batchTotal,
            List<Tx> txs) {
        StringBuilder sb = new StringBuilder();
        sb.append("<Ntry>\n<Amt Ccy=\"EUR\">").append(amount).append("</Amt>\n<CdtDbtInd>").append(cdtDbt)
                .append("</CdtDbtInd>\n");
        if (reversal) {
            sb.append("<RvslInd>true</RvslInd>\n");
        }
        sb.append(v02 ? "<Sts>BOOK</Sts>\n" : "<Sts><Cd>BOOK</Cd></Sts>\n")
                .append("<BookgDt><DtTm>2026-01-05T10:15:00+01:00</DtTm></BookgDt>\n<ValDt><Dt>2026-01-06</Dt></ValDt>\n")
                .append("<AcctSvcrRef>ENTRYREF</AcctSvcrRef>\n")
                .append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly></Domn></BkTxCd>\n")
                .append("<NtryDtls>\n");
        if (batchCount != null || batchTotal != null) {
            sb.append("<Btch><PmtInfId>PMTINF-1</PmtInfId>");
            if (batchCount != null) {
                sb.append("<NbOfTxs>").append(batchCount).append("</NbOfTxs>");
            }
            if (batchTotal != null) {
                sb.append("<TtlAmt Ccy=\"EUR\">").append(batchTotal).append("</TtlAmt><CdtDbtInd>").append(cdtDbt)
                        .append("</CdtDbtInd>");
            }
            sb.append("</Btch>\n");
        }
        for (Tx t : txs) {
            sb.append("<TxDtls>\n<Refs>");
            if (t.bankRef() != null) {
                sb.append("<AcctSvcrRef>").append(t.bankRef()).append("</AcctSvcrRef>");
            }
            if (t.endToEnd() != null) {
                sb.append("<EndToEndId>").append(t.endToEnd()).append("</EndToEndId>");
            }
            if (t.txId() != null) {
                sb.append("<TxId>").append(t.txId()).append("</TxId>");
            }
            sb.append("</Refs>\n");
            if (t.amount() != null && !v02) {
                sb.append("<Amt Ccy=\"").append(t.ccy()).append("\">").append(t.amount()).append("</Amt>\n");
            }
            if (t.cdtDbt() != null) {
                sb.append("<CdtDbtInd>").append(t.cdtDbt()).append("</CdtDbtInd>\n");
            }
            if (t.amount() != null) {
                sb.append("<AmtDtls><InstdAmt><Amt Ccy=\"USD\">999.99</Amt></InstdAmt><TxAmt><Amt Ccy=\"").append(t.ccy())
                        .append("\">").append(t.amount()).append("</Amt></TxAmt></AmtDtls>\n");
            }
            if (t.ustrd() != null) {
                sb.append("<RmtInf><Ustrd>").append(t.ustrd()).append("</Ustrd></RmtInf>\n");
            }
            if (t.returnReason() != null) {
                sb.append("<RtrInf><Rsn><Cd>").append(t.returnReason()).append("</Cd></Rsn></RtrInf>\n");
            }
            sb.append("</TxDtls>\n");
        }
        sb.append("</NtryDtls>\n</Ntry>\n");
        return sb.toString();
    }

    /** A camt.053 statement with balances and TxsSummry computed from the entry amounts given. */
    static String statement(String ns, String opening, String closing, String summaryCount, String entries) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"" + ns + "\">\n<BkToCstmrStmt>\n"
                + "<GrpHdr><MsgId>GEN</MsgId><CreDtTm>2026-01-05T18:00:00+01:00</CreDtTm></GrpHdr>\n"
                + "<Stmt>\n<Id>STMT-1</Id>\n<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>\n"
                + "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + opening
                + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-05</Dt></Dt></Bal>\n"
                + "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + closing
                + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-05</Dt></Dt></Bal>\n"
                + (summaryCount == null ? "" : "<TxsSummry><TtlNtries><NbOfNtries>" + summaryCount
                        + "</NbOfNtries></TtlNtries></TxsSummry>\n")
                + entries + "</Stmt>\n</BkToCstmrStmt>\n</Document>\n";
    }

    static Parsed parse(String xml) throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult result = new CamtParser("camt053", ParseOptions.defaults())
                .parse(InputSource.of("gen.xml", xml.getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(result.countsBalance()).as("rows read = records + quarantined").isTrue();
        assertThat(result.records()).isEqualTo(sink.records.size());
        assertThat(result.quarantined()).isEqualTo(sink.quarantined.size());
        return new Parsed(result, sink);
    }

    record Parsed(ParseResult result, CollectingSink sink) {
        List<SettlementRecord> records() {
            return sink.records;
        }

        ControlCheck check(String nameEnd) {
            return result.checks().stream().filter(c -> c.name().endsWith(nameEnd)).findFirst()
                    .orElseThrow(() -> new AssertionError("no check ending in " + nameEnd + ": " + result.checks()));
        }
    }

    @ParameterizedTest(name = "v02 layout: {0}")
    @MethodSource("layouts")
    void batchBookingBecomesOneRecordPerTransaction(boolean v02) throws Exception {
        String xml = statement(v02 ? V02 : V08, "100.00", "50.00", "1",
                entry(v02, "50.00", "DBIT", false, "3", "50.00", List.of(
                        new Tx("E2E-1", "TX-1", "BANKREF-1", "10.00", "EUR", null, "invoice 1", null),
                        new Tx("E2E-2", null, null, "15.50", "EUR", null, null, null),
                        new Tx("NOTPROVIDED", "TX-3", null, "24.50", "EUR", null, "invoice 3", null))));
        Parsed p = parse(xml);
        assertThat(p.records()).hasSize(3);
        assertThat(p.result().rowsRead()).isEqualTo(3);
        assertThat(p.records()).extracting(SettlementRecord::net)
                .containsExactly(Money.ofMinor(-1000, "EUR"), Money.ofMinor(-1550, "EUR"), Money.ofMinor(-2450, "EUR"));
        assertThat(p.records()).extracting(SettlementRecord::merchantRef).containsExactly("E2E-1", "E2E-2", null);
        assertThat(p.records()).extracting(SettlementRecord::channelRef).containsExactly("TX-1", null, "TX-3");
        // the transaction's own AcctSvcrRef where it has one, else the entry's
        assertThat(p.records()).extracting(SettlementRecord::modificationRef)
                .containsExactly("BANKREF-1", "ENTRYREF", "ENTRYREF");
        assertThat(p.records()).allSatisfy(r -> {
            assertThat(r.category()).isEqualTo(RecordCategory.BANK_ENTRY);
            assertThat(r.recordType()).isEqualTo("PMNT/RDDT/ESDD");
            assertThat(r.bookingDate()).isEqualTo(LocalDate.of(2026, 1, 5));
            assertThat(r.valueDate()).isEqualTo(LocalDate.of(2026, 1, 6));
            assertThat(r.eventTime()).hasToString("2026-01-05T09:15:00Z");
            assertThat(r.payoutBatch()).isEqualTo("PMTINF-1");
            assertThat(r.merchantAccount()).isEqualTo("NL91ABNA0417164300");
        });
        assertThat(p.records().get(0).description()).contains("invoice 1").contains("batch booking item 1 of 3");
        assertThat(p.records().get(1).description()).doesNotContain("invoice");
        assertThat(p.records()).extracting(r -> r.source().line()).doesNotHaveDuplicates();
        assertThat(p.result().failedChecks()).isEmpty();
        assertThat(p.check("Btch/NbOfTxs = number of TxDtls").ok()).isTrue();
        assertThat(p.check("sum of TxDtls = Ntry/Amt")).isEqualTo(new ControlCheck(
                p.check("sum of TxDtls = Ntry/Amt").name(), "-50.00 EUR", "-50.00 EUR", true));
        assertThat(p.check("sum of TxDtls = Btch/TtlAmt").ok()).isTrue();
        // statement controls count entries, not transactions
        assertThat(p.check("opening + booked entries = closing").ok()).isTrue();
        assertThat(p.check("TxsSummry/TtlNtries/NbOfNtries").ok()).isTrue();
    }

    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of(false), Arguments.of(true));
    }

    @Test
    void detailsThatDoNotAddUpAreReportedAndStillDelivered() throws Exception {
        Parsed p = parse(statement(V08, "0.00", "30.00", null, entry(false, "30.00", "CRDT", false, "2", "30.00",
                List.of(Tx.of("A", "10.00"), Tx.of("B", "19.99")))));
        assertThat(p.records()).hasSize(2);
        ControlCheck sum = p.check("sum of TxDtls = Ntry/Amt");
        assertThat(sum.ok()).isFalse();
        assertThat(sum.expected()).isEqualTo("30.00 EUR");
        assertThat(sum.actual()).isEqualTo("29.99 EUR");
        assertThat(p.check("sum of TxDtls = Btch/TtlAmt").ok()).isFalse();
        // the bank's balance is about entries, and the entry is right
        assertThat(p.check("opening + booked entries = closing").ok()).isTrue();
    }

    @Test
    void transactionWithoutAmountInABatchWithAmountsIsQuarantinedNotGuessed() throws Exception {
        // the amountless one comes first: it is held until the second shows the batch states amounts
        Parsed p = parse(statement(V08, "0.00", "30.00", null, entry(false, "30.00", "CRDT", false, null, null,
                List.of(Tx.of("A", null), Tx.of("B", "10.00"), Tx.of("C", null), Tx.of("D", "20.00")))));
        assertThat(p.records()).extracting(SettlementRecord::merchantRef).containsExactly("B", "D");
        assertThat(p.sink().quarantined).hasSize(2);
        assertThat(p.sink().quarantined).allSatisfy(q -> {
            assertThat(q.field()).isEqualTo("TxDtls/Amt");
            assertThat(q.reason()).contains("cannot be split");
        });
        assertThat(p.result().rowsRead()).isEqualTo(4);
        ControlCheck sum = p.check("sum of TxDtls = Ntry/Amt");
        assertThat(sum.ok()).isFalse();
        assertThat(sum.actual()).contains("2 of 4 TxDtls quarantined");
    }

    @Test
    void batchWithoutAnyAmountsStaysOneEntryRecord() throws Exception {
        Parsed p = parse(statement(V02, "0.00", "30.00", "1", entry(true, "30.00", "CRDT", false, "2", null,
                List.of(Tx.of("A", null), Tx.of("B", null)))));
        assertThat(p.records()).hasSize(1);
        SettlementRecord r = p.records().get(0);
        assertThat(r.net()).isEqualTo(Money.ofMinor(3000, "EUR"));
        assertThat(r.merchantRef()).isNull();
        assertThat(r.modificationRef()).isEqualTo("ENTRYREF");
        assertThat(r.description()).contains("batch of 2 transactions without amounts");
        assertThat(p.result().failedChecks()).isEmpty();
    }

    @Test
    void singleTransactionWithoutAmountTakesTheEntryAmountAndItsOwnReferences() throws Exception {
        Parsed p = parse(statement(V02, "0.00", "12.34", null, entry(true, "12.34", "CRDT", false, null, null,
                List.of(Tx.of("E2E-ONLY", null)))));
        assertThat(p.records()).singleElement().satisfies(r -> {
            assertThat(r.net()).isEqualTo(Money.ofMinor(1234, "EUR"));
            assertThat(r.merchantRef()).isEqualTo("E2E-ONLY");
            assertThat(r.channelRef()).isEqualTo("TX-E2E-ONLY");
            assertThat(r.description()).contains("invoice E2E-ONLY");
        });
        assertThat(p.result().failedChecks()).isEmpty();
    }

    @Test
    void reversalBatchKeepsFlagDirectionAndReturnReasonPerTransaction() throws Exception {
        Parsed p = parse(statement(V08, "100.00", "70.00", null, entry(false, "30.00", "DBIT", true, "2", null, List.of(
                new Tx("DD-1", null, null, "10.00", "EUR", null, null, "AC04"),
                new Tx("DD-2", null, null, "20.00", "EUR", null, null, "MD06")))));
        assertThat(p.records()).extracting(SettlementRecord::recordType).containsOnly("PMNT/RDDT/ESDD reversal");
        assertThat(p.records()).extracting(SettlementRecord::net)
                .containsExactly(Money.ofMinor(-1000, "EUR"), Money.ofMinor(-2000, "EUR"));
        assertThat(p.records().get(0).description()).contains("return reason AC04");
        assertThat(p.records().get(1).description()).contains("return reason MD06");
        assertThat(p.result().failedChecks()).isEmpty();
    }

    @Test
    void transactionDirectionWinsOverTheEntryInANettedBatch() throws Exception {
        Parsed p = parse(statement(V08, "0.00", "7.00", null, entry(false, "7.00", "CRDT", false, null, null, List.of(
                new Tx("IN", null, null, "10.00", "EUR", "CRDT", null, null),
                new Tx("OUT", null, null, "3.00", "EUR", "DBIT", null, null)))));
        assertThat(p.records()).extracting(SettlementRecord::net)
                .containsExactly(Money.ofMinor(1000, "EUR"), Money.ofMinor(-300, "EUR"));
        assertThat(p.check("sum of TxDtls = Ntry/Amt").ok()).isTrue();
    }

    @Test
    void unreadableTransactionAmountIsQuarantinedWithItsField() throws Exception {
        Parsed p = parse(statement(V08, "0.00", "30.00", null, entry(false, "30.00", "CRDT", false, null, null,
                List.of(Tx.of("A", "10.005"), Tx.of("B", "20.00")))));
        assertThat(p.records()).extracting(SettlementRecord::merchantRef).containsExactly("B");
        assertThat(p.sink().quarantined).singleElement().satisfies(q -> {
            assertThat(q.field()).isEqualTo("TxDtls/Amt");
            assertThat(q.reason()).contains("10.005");
        });
        assertThat(p.check("sum of TxDtls = Ntry/Amt").ok()).isFalse();
    }

    @Test
    void transactionInAnotherCurrencyFailsTheEntryCheck() throws Exception {
        Parsed p = parse(statement(V08, "0.00", "10.00", null, entry(false, "10.00", "CRDT", false, null, null, List.of(
                new Tx("A", null, null, "1500", "JPY", null, null, null)))));
        assertThat(p.records()).singleElement().extracting(SettlementRecord::net).isEqualTo(Money.ofMinor(1500, "JPY"));
        ControlCheck sum = p.check("sum of TxDtls = Ntry/Amt");
        assertThat(sum.ok()).isFalse();
        assertThat(sum.actual()).contains("currencies differ");
    }

    /**
     * Generated statements: random batches (1-40 transactions, random directions, some without
     * amounts) must conserve rows, tie whenever every detail has an amount, and sum to the entry.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void generatedBatchesConserveRowsAndTotals(long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder entries = new StringBuilder();
        long balance = 0;
        int expectedRows = 0;
        int entryCount = 1 + random.nextInt(5);
        boolean allComplete = true;
        long expectedRecordSum = 0;
        for (int e = 0; e < entryCount; e++) {
            int n = 1 + random.nextInt(40);
            boolean someWithout = random.nextInt(4) == 0 && n > 1;
            boolean noneWith = random.nextInt(6) == 0;
            List<Tx> txs = new ArrayList<>();
            long signedSum = 0;
            for (int i = 0; i < n; i++) {
                long minor = 1 + random.nextInt(100_000);
                boolean credit = random.nextInt(3) > 0;
                boolean without = noneWith || someWithout && random.nextInt(3) == 0;
                txs.add(new Tx("E" + e + "-" + i, null, null, without ? null : decimal(minor), without ? null : "EUR",
                        credit ? "CRDT" : "DBIT", null, null));
                if (!without) {
                    signedSum += credit ? minor : -minor;
                }
            }
            long entryAmount = noneWith ? 1 + random.nextInt(100_000) : signedSum;
            long withAmounts = txs.stream().filter(t -> t.amount() != null).count();
            boolean partial = withAmounts > 0 && withAmounts < n;
            allComplete &= !partial;
            expectedRows += withAmounts == 0 ? 1 : n;
            expectedRecordSum += withAmounts == 0 ? entryAmount : signedSum;
            balance += entryAmount;
            entries.append(entry(false, decimal(Math.abs(entryAmount)), entryAmount < 0 ? "DBIT" : "CRDT", false,
                    String.valueOf(n), null, txs));
        }
        String opening = "1000000.00";
        String closing = decimal(100_000_000 + balance);
        Parsed p = parse(statement(V08, opening, closing, String.valueOf(entryCount), entries.toString()));
        assertThat(p.result().rowsRead()).isEqualTo(expectedRows);
        assertThat(p.check("opening + booked entries = closing").ok()).isTrue();
        assertThat(p.check("TxsSummry/TtlNtries/NbOfNtries").ok()).isTrue();
        assertThat(p.result().checks()).filteredOn(c -> c.name().endsWith("Btch/NbOfTxs = number of TxDtls"))
                .hasSize(entryCount).allMatch(ControlCheck::ok);
        if (allComplete) {
            assertThat(p.result().failedChecks()).isEmpty();
            assertThat(p.sink().quarantined).isEmpty();
            assertThat(p.records().stream().mapToLong(r -> r.net().minorUnits()).sum()).isEqualTo(expectedRecordSum);
        } else {
            assertThat(p.result().controlTotalsOk()).isFalse();
            assertThat(p.sink().quarantined).isNotEmpty().allMatch(q -> q.field().equals("TxDtls/Amt"));
        }
    }

    static Stream<Long> seeds() {
        return Stream.iterate(1L, s -> s + 1).limit(60);
    }

    private static String decimal(long minor) {
        long abs = Math.abs(minor);
        return (minor < 0 ? "-" : "") + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }

    @Test
    void publicBatchSampleYieldsOneRecordPerTransaction() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult result = new CamtParser("camt054", ParseOptions.defaults())
                .parse(Fixtures.source("samples/camt054/genkgo_camt054.v8.xml"), sink);
        assertThat(sink.records).extracting(SettlementRecord::merchantRef).containsExactly(
                "UXC06170000006PI00001EE00001", "UXC06170000006PI00001EE00002", "UXC06170000006PI00001EE00002");
        assertThat(sink.records).extracting(SettlementRecord::channelRef).containsExactly(
                "UXC06170000006PI00001II00001", "UXC06170000006PI00001II00002", "UXC06170000006PI00001II00002");
        // TxDtls/CdtDbtInd is CRDT in this sample (inside a DBIT entry): the transaction's own wins
        assertThat(sink.records).extracting(SettlementRecord::net).containsExactly(
                Money.ofMinor(310, "CHF"), Money.ofMinor(320, "CHF"), Money.ofMinor(320, "CHF"));
        assertThat(sink.records).extracting(SettlementRecord::payoutBatch).containsOnly("UXC06170000006PI00001");
        assertThat(result.failedChecks()).extracting(ControlCheck::name).anySatisfy(n -> assertThat(n).endsWith(
                "Btch/NbOfTxs = number of TxDtls")).anySatisfy(n -> assertThat(n).endsWith("sum of TxDtls = Btch/TtlAmt"))
                .anySatisfy(n -> assertThat(n).endsWith("sum of TxDtls = Ntry/Amt"));
    }
}
