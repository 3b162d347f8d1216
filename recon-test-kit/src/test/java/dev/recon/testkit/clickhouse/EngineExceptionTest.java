package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineExceptionTest {

    @Test
    void codeIsReadFromTheEnginesText() {
        EngineException e = EngineException.fromEngineText("Code: 60. DB::Exception: Unknown table expression identifier 'x'. (UNKNOWN_TABLE)\n");
        assertEquals(60, e.code());
        assertEquals("Code: 60. DB::Exception: Unknown table expression identifier 'x'. (UNKNOWN_TABLE)", e.getMessage());
    }

    @Test
    void textWithoutCodeBecomesAnUnknownException() {
        EngineException e = EngineException.fromEngineText("something broke");
        assertEquals(EngineException.UNKNOWN_EXCEPTION, e.code());
        assertEquals("Code: 1002. DB::Exception: something broke. (UNKNOWN_EXCEPTION)", e.getMessage());
    }

    @Test
    void endpointErrorsLookLikeServerErrors() {
        EngineException e = EngineException.of(48, "NOT_IMPLEMENTED", "compress=1 is not supported");
        assertEquals(48, e.code());
        assertEquals("Code: 48. DB::Exception: compress=1 is not supported. (NOT_IMPLEMENTED)", e.getMessage());
    }
}
