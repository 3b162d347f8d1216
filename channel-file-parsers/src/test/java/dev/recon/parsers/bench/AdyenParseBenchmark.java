package dev.recon.parsers.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import dev.recon.parsers.QuarantinedRow;
import dev.recon.parsers.RecordSink;
import dev.recon.parsers.SettlementFileParser;
import dev.recon.parsers.adyen.AdyenSettlementParser;
import dev.recon.parsers.camt.CamtParser;
import dev.recon.parsers.swift.Mt940Parser;
import dev.recon.parsers.text.CsvRows;
import dev.recon.parsers.text.DecodedInput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput benchmark (not a test): generates large Adyen / MT940 / camt.053 files and times the
 * parsers on one thread, best of N runs, after a warm-up run. Usage (from the repository root):
 * <pre>
 * java -Xmx256m -cp CLASSPATH dev.recon.parsers.bench.AdyenParseBenchmark /tmp/bench 400 5
 * </pre>
 * arguments: work directory, Adyen file size in MB, runs per measurement, optionally a filter (only
 * measurements whose name contains it). Prints the best run, then the median and slowest run.
 */
public final class AdyenParseBenchmark {

    private AdyenParseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/recon-bench");
        long megabytes = args.length > 1 ? Long.parseLong(args[1]) : 300;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String only = args.length > 3 ? args[3] : "";
        Files.createDirectories(dir);
        Path adyen = dir.resolve("adyen-" + megabytes + "mb.csv");
        if (!Files.exists(adyen)) {
            generateAdyen(adyen, megabytes * 1024 * 1024);
        }
        Path mt940 = dir.resolve("mt940-" + megabytes / 4 + "mb.sta");
        if (!Files.exists(mt940)) {
            generateMt940(mt940, megabytes / 4 * 1024 * 1024);
        }
        Path camt = dir.resolve("camt053-" + megabytes / 4 + "mb.xml");
        if (!Files.exists(camt)) {
            generateCamt(camt, megabytes / 4 * 1024 * 1024);
        }
        filter = only;
        System.out.printf(Locale.ROOT, "java %s, max heap %d MB, %d runs, best run reported%n",
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, runs);
        measure("Commons CSV tokenize only (baseline)", adyen, runs, () -> commonsCsvOnly(adyen));
        measure("FastCSV tokenize only (baseline)", adyen, runs, () -> tokenizeOnly(adyen));
        measure("ByteCsvReader tokenize only (baseline)", adyen, runs, () -> byteTokenizeOnly(adyen));
        measure("adyen -> SettlementRecord, raw lines off", adyen, runs,
                () -> parse(new AdyenSettlementParser(ParseOptions.defaults().withRawLines(false)), adyen));
        measure("adyen -> SettlementRecord, raw lines on (masked)", adyen, runs,
                () -> parse(new AdyenSettlementParser(ParseOptions.defaults()), adyen));
        measure("mt940 -> SettlementRecord", mt940, runs,
                () -> parse(new Mt940Parser("mt940", ParseOptions.defaults()), mt940));
        measure("camt053 -> SettlementRecord", camt, runs,
                () -> parse(new CamtParser("camt053", ParseOptions.defaults()), camt));
    }

    interface Run {
        long run() throws Exception;
    }

    private static String filter = "";

    private static void measure(String name, Path file, int runs, Run run) throws Exception {
        if (!name.contains(filter)) {
            return;
        }
        long size = Files.size(file);
        long records = run.run(); // warm-up
        double[] walls = new double[runs];
        double[] cpus = new double[runs];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            records = run.run();
            walls[i] = (System.nanoTime() - t0) / 1e9;
            cpus[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        java.util.Arrays.sort(walls);
        java.util.Arrays.sort(cpus);
        double best = walls[0];
        double bestCpu = cpus[0];
        // wall clock is what a user sees; thread CPU time is the single-core figure on a shared machine
        System.out.printf(Locale.ROOT, "%-50s %7.1f MB/s wall %7.1f MB/s cpu %9.0f records/s wall (%d MB, %d records, best %.2f s wall, %.2f s cpu)%n",
                name, size / 1e6 / best, size / 1e6 / bestCpu, records / best, size >> 20, records, best, bestCpu);
        // the spread, so a claim of a steady figure can be checked: median and slowest of the runs
        System.out.printf(Locale.ROOT, "%-50s %7.1f MB/s wall %7.1f MB/s cpu median; %.1f / %.1f slowest%n",
                "", size / 1e6 / walls[runs / 2], size / 1e6 / cpus[runs / 2],
                size / 1e6 / walls[runs - 1], size / 1e6 / cpus[runs - 1]);
    }

    private static long commonsCsvOnly(Path file) throws IOException {
        long n = 0;
        try (Reader r = DecodedInput.open(InputSource.of(file), StandardCharsets.UTF_8);
             org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVFormat.RFC4180.parse(r)) {
            for (org.apache.commons.csv.CSVRecord rec : csv) {
                n += rec.size() > 0 ? 1 : 0;
            }
        }
        return n - 1;
    }

    private static long byteTokenizeOnly(Path file) throws IOException {
        long n = 0;
        try (dev.recon.parsers.text.ByteCsvReader csv = new dev.recon.parsers.text.ByteCsvReader(Files.newInputStream(file), ',', 1 << 20)) {
            while (csv.next()) {
                n += csv.fieldCount() > 0 ? 1 : 0;
            }
        }
        return n - 1;
    }

    private static long tokenizeOnly(Path file) throws IOException {
        long n = 0;
        try (Reader r = DecodedInput.open(InputSource.of(file), StandardCharsets.UTF_8);
             CsvReader<CsvRecord> csv = CsvRows.reader(r, ',')) {
            for (CsvRecord rec : csv) {
                n += rec.getFieldCount() > 0 ? 1 : 0;
            }
        }
        return n - 1;
    }

    private static long parse(SettlementFileParser parser, Path file) throws Exception {
        long[] seen = new long[1];
        RecordSink sink = new RecordSink() {
            @Override
            public void accept(SettlementRecord record) {
                seen[0] += record.net().minorUnits() & 1; // keep the record alive for the JIT
            }

            @Override
            public void quarantine(QuarantinedRow row) {
                throw new IllegalStateException("benchmark input must be clean: " + row);
            }
        };
        ParseResult r = parser.parse(InputSource.of(file), sink);
        if (!r.controlTotalsOk()) {
            throw new IllegalStateException("benchmark input must balance: " + r.failedChecks());
        }
        return r.records();
    }

    static void generateAdyen(Path file, long bytes) throws IOException {
        Random random = new Random(42);
        String[] methods = {"visa", "mc", "amex", "ideal", "paypal"};
        String[] currencies = {"EUR", "USD", "GBP"};
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            w.write("Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,"
                    + "TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),"
                    + "Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),"
                    + "Scheme Fees (NC),Interchange (NC),Payment Method Variant,Modification Merchant Reference,"
                    + "Batch Number,Reserved4,Reserved5,Reserved6,Reserved7,Reserved8,Reserved9,Reserved10\n");
            long written = 0;
            long[] net = new long[currencies.length];
            long psp = 8815000000000000L;
            StringBuilder sb = new StringBuilder(512);
            while (written < bytes) {
                int c = random.nextInt(currencies.length);
                String ccy = currencies[c];
                long gross = 100 + random.nextInt(50_000);
                boolean refund = random.nextInt(10) == 0;
                long commission = 12;
                long markup = gross / 100;
                long scheme = 13;
                long interchange = gross / 200;
                long fees = commission + markup + scheme + interchange;
                long n = refund ? -gross : gross - fees;
                net[c] += n;
                psp++;
                sb.setLength(0);
                sb.append("AcmeCorp,AcmeShop").append(ccy).append(',').append(psp).append(",pay-").append(psp - 8815000000000000L)
                        .append(',').append(methods[random.nextInt(methods.length)]).append(",2026-01-05 ")
                        .append(10 + random.nextInt(10)).append(':').append(10 + random.nextInt(50)).append(":00,CET,")
                        .append(refund ? "Refunded" : "Settled").append(',').append(psp + 10_000_000_000L).append(',')
                        .append(ccy).append(',');
                if (refund) {
                    sb.append(major(gross)).append(",,1,").append(ccy).append(',').append(major(gross)).append(",,,,,,");
                } else {
                    sb.append(',').append(major(gross)).append(",1,").append(ccy).append(",,").append(major(n)).append(',')
                            .append(major(commission)).append(',').append(major(markup)).append(',').append(major(scheme))
                            .append(',').append(major(interchange)).append(',');
                }
                sb.append("visacredit,,1128,,,,,,,\n");
                w.append(sb);
                written += sb.length();
            }
            for (int c = 0; c < currencies.length; c++) {
                w.write("AcmeCorp,AcmeShop,,,,2026-01-06 02:00:00,CET,MerchantPayout,TX" + c + "XT batch 1128,,,,," + currencies[c]
                        + "," + major(net[c]) + ",,,,,,,,1128,,,,,,,\n");
            }
        }
    }

    static void generateMt940(Path file, long bytes) throws IOException {
        Random random = new Random(7);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            long written = 0;
            int statement = 0;
            while (written < bytes) {
                statement++;
                StringBuilder sb = new StringBuilder(64 * 1024);
                sb.append("{1:F01BANKNL2AXXX0000000000}{2:O9400000260105BANKNL2AXXXX00000000002601050000N}{4:\n");
                sb.append(":20:STMT").append(statement).append("\n:25:NL91ABNA0417164300\n:28C:").append(statement)
                        .append("/1\n:60F:C260105EUR1000,00\n");
                long balance = 100_000;
                for (int i = 0; i < 200; i++) {
                    long amount = 1 + random.nextInt(1_000_000);
                    boolean credit = random.nextBoolean();
                    balance += credit ? amount : -amount;
                    sb.append(":61:2601050105").append(credit ? 'C' : 'D').append(amount / 100).append(',')
                            .append(String.format(Locale.ROOT, "%02d", amount % 100)).append("NTRFPO-").append(i)
                            .append("//B").append(statement).append('-').append(i).append('\n');
                    sb.append(":86:/TRTP/SEPA OVERBOEKING/IBAN/NL02ABNA0123456789/BIC/ABNANL2A/NAME/ADYEN BV/\n")
                            .append("/REMI/Payout batch ").append(i).append(" AcmeShop/EREF/po_").append(i).append("/\n");
                }
                sb.append(":62F:").append(balance < 0 ? 'D' : 'C').append("260105EUR").append(Math.abs(balance) / 100)
                        .append(',').append(String.format(Locale.ROOT, "%02d", Math.abs(balance) % 100)).append("\n-}\n");
                w.append(sb);
                written += sb.length();
            }
        }
    }

    static void generateCamt(Path file, long bytes) throws IOException {
        Random random = new Random(9);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
                    + "<BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-01-05T18:00:00+01:00</CreDtTm></GrpHdr>\n");
            long written = 0;
            int statement = 0;
            while (written < bytes) {
                statement++;
                StringBuilder sb = new StringBuilder(256 * 1024);
                long balance = 0;
                StringBuilder entries = new StringBuilder(256 * 1024);
                for (int i = 0; i < 500; i++) {
                    long amount = 1 + random.nextInt(1_000_000);
                    boolean credit = random.nextBoolean();
                    balance += credit ? amount : -amount;
                    entries.append("<Ntry><Amt Ccy=\"EUR\">").append(amount / 100).append('.')
                            .append(String.format(Locale.ROOT, "%02d", amount % 100)).append("</Amt><CdtDbtInd>")
                            .append(credit ? "CRDT" : "DBIT").append("</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>")
                            .append("<BookgDt><Dt>2026-01-05</Dt></BookgDt><ValDt><Dt>2026-01-05</Dt></ValDt>")
                            .append("<AcctSvcrRef>REF").append(statement).append('-').append(i).append("</AcctSvcrRef>")
                            .append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>")
                            .append("<NtryDtls><TxDtls><Refs><EndToEndId>po_").append(i).append("</EndToEndId></Refs>")
                            .append("<RmtInf><Ustrd>Adyen payout batch ").append(i).append("</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n");
                }
                sb.append("<Stmt><Id>S").append(statement).append("</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>")
                        .append("<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-05</Dt></Dt></Bal>")
                        .append("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">").append(Math.abs(balance) / 100)
                        .append('.').append(String.format(Locale.ROOT, "%02d", Math.abs(balance) % 100)).append("</Amt><CdtDbtInd>")
                        .append(balance < 0 ? "DBIT" : "CRDT").append("</CdtDbtInd><Dt><Dt>2026-01-05</Dt></Dt></Bal>\n")
                        .append(entries).append("</Stmt>\n");
                w.append(sb);
                written += sb.length();
            }
            w.write("</BkToCstmrStmt></Document>\n");
        }
    }

    private static String major(long minor) {
        long abs = Math.abs(minor);
        return (minor < 0 ? "-" : "") + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }
}
