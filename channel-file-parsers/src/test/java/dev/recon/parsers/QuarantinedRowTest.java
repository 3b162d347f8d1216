package dev.recon.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuarantinedRowTest {

    @Test
    void masksCardNumbersAndNeutralisesFormulasForSpreadsheets() {
        QuarantinedRow row = new QuarantinedRow("=evil.csv", 7, "@field", "-bad", "=HYPERLINK(\"x\") 4111111111111111");
        assertThat(row.rawLine()).isEqualTo("=HYPERLINK(\"x\") 411111******1111");
        assertThat(row.toCsvCells()).containsExactly("'=evil.csv", "7", "'@field", "'-bad",
                "'=HYPERLINK(\"x\") 411111******1111");
        assertThat(row.toString()).isEqualTo("=evil.csv:7: @field: -bad");
    }
}
