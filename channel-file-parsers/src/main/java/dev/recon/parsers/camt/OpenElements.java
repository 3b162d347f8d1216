package dev.recon.parsers.camt;

/**
 * The chain of open XML elements while a camt document streams past, with an O(1) answer to
 * "is a {@code <Ntry>} (or {@code <Bal>}, {@code <TxDtls>} ...) open somewhere above?". The parser
 * asks that on nearly every end tag; scanning the list of open names for it was about a quarter
 * of camt's parse time. Each element that the parser's rules look for gets an id and a count of
 * how many are open (a count, not a flag: nothing stops a document nesting the same name).
 */
final class OpenElements {

    static final int BAL = 0;
    static final int TP = 1;
    static final int NTRY = 2;
    static final int TXS_SUMMRY = 3;
    static final int ACCT = 4;
    static final int TX_DTLS = 5;
    static final int BTCH = 6;
    static final int RTR_INF = 7;
    static final int BK_TX_CD = 8;
    private static final int TRACKED = 9;
    private static final int UNTRACKED = -1;

    private final String[] names;
    private final int[] ids;
    private final int[] openCounts = new int[TRACKED];
    private int depth;

    OpenElements(int maxDepth) {
        names = new String[maxDepth];
        ids = new int[maxDepth];
    }

    int depth() {
        return depth;
    }

    /** Pushes a start tag; the caller has checked the depth limit. */
    void open(String name) {
        int id = idOf(name);
        names[depth] = name;
        ids[depth] = id;
        depth++;
        if (id != UNTRACKED) {
            openCounts[id]++;
        }
    }

    /** Pops the innermost element (an end tag) and returns its name. */
    String close() {
        depth--;
        int id = ids[depth];
        if (id != UNTRACKED) {
            openCounts[id]--;
        }
        String name = names[depth];
        names[depth] = null;
        return name;
    }

    /** The innermost open element's name, "" at the top. */
    String innermost() {
        return depth == 0 ? "" : names[depth - 1];
    }

    /** True when an element with this id is open at any level. */
    boolean inside(int id) {
        return openCounts[id] > 0;
    }

    private static int idOf(String name) {
        return switch (name) {
            case "Bal" -> BAL;
            case "Tp" -> TP;
            case "Ntry" -> NTRY;
            case "TxsSummry" -> TXS_SUMMRY;
            case "Acct" -> ACCT;
            case "TxDtls" -> TX_DTLS;
            case "Btch" -> BTCH;
            case "RtrInf" -> RTR_INF;
            case "BkTxCd" -> BK_TX_CD;
            default -> UNTRACKED;
        };
    }
}
