package dev.recon.parsers.adyen;

import dev.recon.core.settlement.RecordCategory;
import java.util.Map;

/**
 * Adyen's record types (the Type column) and what each means for reconciliation. Source: Adyen's
 * settlement details report structure page, plus types seen in practice (ReserveAdjustment,
 * MerchantPayin). Anything else is {@link RecordCategory#OTHER}: kept and reported.
 */
public final class AdyenRecordTypes {

    private static final Map<String, RecordCategory> TYPES = Map.ofEntries(
            Map.entry("Settled", RecordCategory.PAYMENT),
            Map.entry("Refunded", RecordCategory.REFUND),
            Map.entry("Chargeback", RecordCategory.CHARGEBACK),
            Map.entry("SecondChargeback", RecordCategory.CHARGEBACK),
            Map.entry("ChargebackReversed", RecordCategory.CHARGEBACK_REVERSAL),
            Map.entry("RefundedReversed", RecordCategory.REFUND_REVERSAL),
            Map.entry("Fee", RecordCategory.FEE),
            Map.entry("MiscCosts", RecordCategory.FEE),
            Map.entry("PaymentCost", RecordCategory.FEE),
            Map.entry("InvoiceDeduction", RecordCategory.FEE),
            Map.entry("MerchantPayout", RecordCategory.PAYOUT),
            Map.entry("DepositCorrection", RecordCategory.ADJUSTMENT),
            Map.entry("MatchedStatement", RecordCategory.ADJUSTMENT),
            Map.entry("ManualCorrected", RecordCategory.ADJUSTMENT),
            Map.entry("BankInstructionReturned", RecordCategory.ADJUSTMENT),
            Map.entry("EpaPaid", RecordCategory.ADJUSTMENT),
            Map.entry("Balancetransfer", RecordCategory.ADJUSTMENT),
            Map.entry("ReserveAdjustment", RecordCategory.ADJUSTMENT),
            Map.entry("MerchantPayin", RecordCategory.ADJUSTMENT),
            // PaidOut: money paid out to a third party through Adyen (payouts API) = a withdrawal
            Map.entry("PaidOut", RecordCategory.WITHDRAWAL),
            Map.entry("PaidOutReversed", RecordCategory.ADJUSTMENT));

    private AdyenRecordTypes() {
    }

    public static RecordCategory category(String type) {
        return TYPES.getOrDefault(type, RecordCategory.OTHER);
    }
}
