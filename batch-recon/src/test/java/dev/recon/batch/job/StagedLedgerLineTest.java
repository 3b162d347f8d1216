package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A staged ledger line reads back as the entry that was staged: nulls, empty text and escapes included. */
class StagedLedgerLineTest {

    @Test
    void entryWithEveryFieldReadsBackEqual() {
        LedgerEntry e = new LedgerEntry("tx\t1", "pay\\1", "parent\n1", "", "acct\r1", "adyen", "REF\\N", "PREF",
                TransactionType.REFUND, TransactionStatus.SUCCEEDED, Money.ofMinor(1234, "JPY"),
                Instant.parse("2026-01-05T23:59:59.123456789Z"), Instant.parse("2026-01-06T00:00:00Z"),
                SourceLocation.ofFile("/data/internal \u00e9.csv", 42));

        StagedLedgerLine.Row row = roundTrip(e, true);

        assertThat(row.inScope()).isTrue();
        assertThat(row.entry()).isEqualTo(e);
    }

    @Test
    void nullFieldsStayNullAndOutOfScopeIsKept() {
        LedgerEntry e = new LedgerEntry("tx2", "pay2", null, null, null, "stripe", null, null, TransactionType.PAYMENT,
                TransactionStatus.AUTHORISED, Money.ofMinor(0, "EUR"), Instant.parse("2026-01-05T10:00:00Z"), null,
                SourceLocation.ofFile("internal.csv", 7));

        StagedLedgerLine.Row row = roundTrip(e, false);

        assertThat(row.inScope()).isFalse();
        assertThat(row.entry()).isEqualTo(e);
        assertThat(row.entry().merchantId()).isNull();
        assertThat(row.entry().bookedAt()).isNull();
    }

    private static StagedLedgerLine.Row roundTrip(LedgerEntry e, boolean inScope) {
        StringBuilder b = new StringBuilder();
        StagedLedgerLine.append(b, e, inScope);
        assertThat(b.charAt(b.length() - 1)).isEqualTo('\n');
        String line = b.substring(0, b.length() - 1);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(StagedLedgerLine.inScope(line)).isEqualTo(inScope);
        return StagedLedgerLine.decode(line);
    }
}
