package dev.recon.parsers;

/**
 * One control total a file carries and what we computed: e.g. "statement 19321/1 EUR: opening +
 * entries = closing", expected "876.84", actual "2018.88". Values are decimal strings with their
 * currency so a report can print them as they are.
 */
public record ControlCheck(String name, String expected, String actual, boolean ok) {

    public static ControlCheck of(String name, Object expected, Object actual) {
        String e = String.valueOf(expected);
        String a = String.valueOf(actual);
        return new ControlCheck(name, e, a, e.equals(a));
    }

    @Override
    public String toString() {
        return (ok ? "OK   " : "FAIL ") + name + ": expected " + expected + ", actual " + actual;
    }
}
