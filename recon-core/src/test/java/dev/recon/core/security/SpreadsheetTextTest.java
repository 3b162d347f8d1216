package dev.recon.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpreadsheetTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"=SUM(A1)", "+cmd", "-cmd|' /C calc'!A0", "@SUM(1)", "\tx", "\rx", "-", "+", "-.", "+1e5", "-12,5"})
    void cellsASpreadsheetReadsAsFormulasGetAnApostrophe(String cell) {
        assertThat(SpreadsheetText.startsFormula(cell)).isTrue();
        assertThat(SpreadsheetText.neutralise(cell)).isEqualTo("'" + cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-12.50", "+3", "-0.001", "Acme GmbH", "PSP-123", "1=1", "a@b"})
    void signedNumbersAndPlainTextStayAsTheyAre(String cell) {
        assertThat(SpreadsheetText.startsFormula(cell)).isFalse();
        assertThat(SpreadsheetText.neutralise(cell)).isEqualTo(cell);
    }
}
