package dev.recon.testkit.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape of one SQL statement as the HTTP endpoint needs it: which kind it is, which output
 * FORMAT it asks for, and for {@code INSERT ... FORMAT x} where the row data begins.
 *
 * <p>Not a parser: a lexer that skips string literals, quoted identifiers and comments and looks
 * at the words outside any brackets. Assumptions: the engine parses the statement for real and
 * reports any syntax error; the text is given as ISO-8859-1 so that character offsets equal byte
 * offsets when binary row data follows the statement.
 */
public final class ClickHouseStatement {

    /** What the endpoint has to do differently per statement. */
    public enum Kind {
        /** Returns rows in an output format (SELECT, WITH, SHOW, DESCRIBE, EXISTS, EXPLAIN). */
        QUERY,
        /** {@code INSERT ... FORMAT name} with rows after the statement or in the request body. */
        INSERT_WITH_FORMAT,
        /** Any other INSERT (VALUES with inline rows, INSERT ... SELECT). */
        INSERT_OTHER,
        /** {@code SET a = 1, b = 2}: changes settings that must not outlive the request. */
        SET,
        /** {@code USE db}: changes the current database. */
        USE,
        /** DDL and everything else that returns no rows. */
        OTHER
    }

    private final String latin1Text;
    private final Kind kind;
    private final List<Token> topLevel;
    private final int formatTokenIndex;

    private ClickHouseStatement(String latin1Text) {
        this.latin1Text = latin1Text;
        this.topLevel = tokenize(latin1Text);
        this.kind = classify(topLevel);
        this.formatTokenIndex = findFormat(topLevel, kind);
    }

    /** Analyses a statement given as Java text. */
    public static ClickHouseStatement of(String sql) {
        return new ClickHouseStatement(new String(sql.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** Analyses a statement given as raw bytes, possibly followed by binary row data. */
    public static ClickHouseStatement ofBytes(byte[] bytes) {
        return new ClickHouseStatement(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    public Kind kind() {
        return kind;
    }

    /** The FORMAT named in the statement: the output format of a query, or the input format of an insert. */
    public Optional<String> format() {
        if (formatTokenIndex < 0 || formatTokenIndex + 1 >= topLevel.size()) {
            return Optional.empty();
        }
        Token name = topLevel.get(formatTokenIndex + 1);
        return name.isWord() ? Optional.of(name.text(latin1Text)) : Optional.empty();
    }

    /** The whole statement as text (UTF-8 decoded). */
    public String sql() {
        return utf8(latin1Text);
    }

    /** For {@link Kind#INSERT_WITH_FORMAT}: the statement up to (not including) FORMAT, e.g. {@code INSERT INTO t (a, b)}. */
    public String insertHeader() {
        requireInsertWithFormat();
        return utf8(latin1Text.substring(0, topLevel.get(formatTokenIndex).start)).strip();
    }

    /**
     * For {@link Kind#INSERT_WITH_FORMAT}: the byte offset where inline row data starts. Like the
     * server, spaces and tabs after the format name are skipped, then one line break.
     */
    public int dataOffset() {
        requireInsertWithFormat();
        int pos = topLevel.get(formatTokenIndex + 1).end;
        while (pos < latin1Text.length() && (latin1Text.charAt(pos) == ' ' || latin1Text.charAt(pos) == '\t'
                || latin1Text.charAt(pos) == '\f')) {
            pos++;
        }
        if (pos < latin1Text.length() && latin1Text.charAt(pos) == '\r') {
            pos++;
        }
        if (pos < latin1Text.length() && latin1Text.charAt(pos) == '\n') {
            pos++;
        }
        return pos;
    }

    /** For {@link Kind#SET}: the names of the settings it changes. */
    public List<String> setSettingNames() {
        List<String> names = new ArrayList<>();
        if (kind != Kind.SET) {
            return names;
        }
        boolean expectName = true;
        for (int i = 1; i < topLevel.size(); i++) {
            Token token = topLevel.get(i);
            if (expectName && token.isWord()) {
                names.add(token.text(latin1Text));
                expectName = false;
            } else if (token.is(',')) {
                expectName = true;
            }
        }
        return names;
    }

    private void requireInsertWithFormat() {
        if (kind != Kind.INSERT_WITH_FORMAT) {
            throw new IllegalStateException("not an INSERT ... FORMAT statement: " + sql());
        }
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static Kind classify(List<Token> tokens) {
        if (tokens.isEmpty() || !tokens.get(0).isWord()) {
            return Kind.OTHER;
        }
        String first = tokens.get(0).upper;
        switch (first) {
            case "SELECT": case "WITH": case "SHOW": case "DESCRIBE": case "DESC": case "EXISTS": case "EXPLAIN":
                return Kind.QUERY;
            case "SET":
                return Kind.SET;
            case "USE":
                return Kind.USE;
            case "INSERT":
                for (int i = 1; i < tokens.size(); i++) {
                    String word = tokens.get(i).upper;
                    if ("FORMAT".equals(word) && i + 1 < tokens.size() && tokens.get(i + 1).isWord()) {
                        return Kind.INSERT_WITH_FORMAT;
                    }
                    if ("VALUES".equals(word) || "SELECT".equals(word) || "WITH".equals(word)) {
                        return Kind.INSERT_OTHER;
                    }
                }
                return Kind.INSERT_OTHER;
            default:
                return Kind.OTHER;
        }
    }

    private static int findFormat(List<Token> tokens, Kind kind) {
        if (kind == Kind.INSERT_WITH_FORMAT) {
            // The first FORMAT of an insert names the input; anything after it is row data.
            for (int i = 1; i < tokens.size(); i++) {
                if ("FORMAT".equals(tokens.get(i).upper)) {
                    return i;
                }
            }
        }
        if (kind == Kind.QUERY) {
            // A FORMAT clause ends the query (SETTINGS may follow it), which tells it apart from a
            // column called "format".
            for (int i = tokens.size() - 2; i >= 1; i--) {
                if ("FORMAT".equals(tokens.get(i).upper) && tokens.get(i + 1).isWord()
                        && (i + 2 == tokens.size() || tokens.get(i + 2).is(';')
                            || "SETTINGS".equals(tokens.get(i + 2).upper))) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Top-level words and punctuation. For an insert, lexing stops at the word after FORMAT,
     * because what follows is row data, not SQL.
     */
    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = s.length();
        boolean insert = false;
        boolean stopAfterNextWord = false;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-'
                    || c == '#' && i + 1 < n && (s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '!')) {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(s, i, c);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                i++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
                    i++;
                }
                if (depth == 0) {
                    Token word = new Token(start, i, s.substring(start, i).toUpperCase(Locale.ROOT));
                    tokens.add(word);
                    if (tokens.size() == 1 && "INSERT".equals(word.upper)) {
                        insert = true;
                    }
                    if (stopAfterNextWord) {
                        break;
                    }
                    if (insert && "FORMAT".equals(word.upper)) {
                        stopAfterNextWord = true;
                    }
                    if (insert && ("VALUES".equals(word.upper) || "SELECT".equals(word.upper))) {
                        // VALUES rows and INSERT ... SELECT are SQL the engine parses; nothing more to find here.
                        break;
                    }
                }
            } else {
                if (depth == 0) {
                    tokens.add(new Token(i, i + 1, String.valueOf(c)));
                }
                i++;
            }
        }
        return tokens;
    }

    private static int skipQuoted(String s, int open, char quote) {
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static final class Token {
        final int start;
        final int end;
        final String upper;

        Token(int start, int end, String upper) {
            this.start = start;
            this.end = end;
            this.upper = upper;
        }

        boolean isWord() {
            char c = upper.charAt(0);
            return Character.isLetter(c) || c == '_';
        }

        boolean is(char punctuation) {
            return upper.length() == 1 && upper.charAt(0) == punctuation;
        }

        String text(String source) {
            return source.substring(start, end);
        }
    }
}
