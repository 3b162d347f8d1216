package dev.recon.parsers.swift;

/**
 * Pulls the end-to-end reference out of :86: dialects, because that is where a PSP payout credit
 * names its batch: German GVC {@code ?20EREF+...} (subfields ?20-?29 may split it) and Dutch SEPA
 * {@code /EREF/.../}. Other dialects (free text, mBank ';') yield null: the description keeps the text.
 */
final class MerchantRefs {

    private MerchantRefs() {
    }

    private static boolean startsWithKey(String s, int at) {
        if (at + 5 > s.length()) {
            return false;
        }
        for (int i = at; i < at + 4; i++) {
            if (!Character.isUpperCase(s.charAt(i))) {
                return false;
            }
        }
        return s.charAt(at + 4) == '+';
    }

    static String endToEnd(String info) {
        if (info == null) {
            return null;
        }
        String flat = info.replace("\n", "");
        int gvc = flat.indexOf("EREF+");
        if (gvc >= 0) {
            // the reference may run on into the next ?2x subfields until one opens another key (SVWZ+, KREF+...)
            StringBuilder ref = new StringBuilder();
            int pos = gvc + 5;
            while (true) {
                int end = flat.indexOf('?', pos);
                ref.append(end < 0 ? flat.substring(pos) : flat.substring(pos, end));
                if (end < 0 || end + 3 > flat.length() || flat.charAt(end + 1) != '2'
                        || startsWithKey(flat, end + 3)) {
                    break;
                }
                pos = end + 3;
            }
            String r = ref.toString().strip();
            return r.isEmpty() || r.equals("NOTPROVIDED") ? null : r;
        }
        int sepa = flat.indexOf("/EREF/");
        if (sepa >= 0) {
            int start = sepa + 6;
            int end = flat.indexOf('/', start);
            String ref = (end < 0 ? flat.substring(start) : flat.substring(start, end)).strip();
            return ref.isEmpty() || ref.equals("NOTPROVIDED") ? null : ref;
        }
        return null;
    }
}
