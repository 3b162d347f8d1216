package dev.recon.parsers.adyen;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One line of Adyen's Settlement details report in the layout {@link AdyenSettlementParser} reads,
 * for the generators that write channel files (the demo's traffic, the batch's scenarios and
 * benchmarks): the parser's inverse, kept beside it so both follow one layout. Amounts are passed
 * as the report shows them (major units, debit or credit column); the caller writes the cells with
 * its CSV writer.
 */
public final class AdyenReportRow {

    /** The header the generators write: the 23 columns the parser maps plus Adyen's reserved tail. */
    public static final List<String> HEADER = List.of("Company Account", "Merchant Account", "Psp Reference",
            "Merchant Reference", "Payment Method", "Creation Date", "TimeZone", "Type", "Modification Reference",
            "Gross Currency", "Gross Debit (GC)", "Gross Credit (GC)", "Exchange Rate", "Net Currency",
            "Net Debit (NC)", "Net Credit (NC)", "Commission (NC)", "Markup (NC)", "Scheme Fees (NC)",
            "Interchange (NC)", "Payment Method Variant", "Modification Merchant Reference", "Batch Number",
            "Reserved4", "Reserved5", "Reserved6", "Reserved7", "Reserved8", "Reserved9", "Reserved10");

    private AdyenReportRow() {
    }

    /**
     * The cells of one line, in {@link #HEADER} order, for company AcmeCorp / account AcmeShopEU,
     * created at {@code t} (UTC, whole seconds). A line without a PSP reference (fees, payouts) has
     * no payment method; a line without a gross currency has no exchange rate.
     */
    public static List<String> cells(String psp, String merchantRef, Instant t, String type, String modRef,
            String grossCcy, String grossDebit, String grossCredit, String netCcy, String netDebit, String netCredit,
            String commission, String batchNumber) {
        String created = t.atOffset(ZoneOffset.UTC).toLocalDateTime().withNano(0).toString().replace('T', ' ');
        if (created.length() == 16) {
            created += ":00";
        }
        return List.of("AcmeCorp", "AcmeShopEU", psp, merchantRef, psp.isEmpty() ? "" : "visa", created, "UTC", type,
                modRef, grossCcy, grossDebit, grossCredit, grossCcy.isEmpty() ? "" : "1", netCcy, netDebit, netCredit,
                commission, "", "", "", "", "", batchNumber, "", "", "", "", "", "", "");
    }
}
