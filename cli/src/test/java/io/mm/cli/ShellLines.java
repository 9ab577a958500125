package io.mm.cli;

import java.util.ArrayList;
import java.util.List;

/** The command lines of a Markdown page's fenced code blocks, split into words as a POSIX shell splits them. */
final class ShellLines {
    /** One logical line (continuations joined): its commands and the operator after each ("" at the end). */
    record Line(int number, List<List<String>> commands, List<String> separators) {}

    private ShellLines() {}

    static List<Line> inCodeBlocks(List<String> page) {
        List<Line> out = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder logical = new StringBuilder();
        int first = 0;
        for (int n = 0; n < page.size(); n++) {
            String raw = page.get(n);
            if (raw.strip().startsWith("```")) {
                inBlock = !inBlock;
                logical.setLength(0);
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (logical.length() == 0) {
                first = n + 1;
            }
            if (raw.endsWith("\\")) {
                logical.append(raw, 0, raw.length() - 1).append(' ');
                continue;
            }
            logical.append(raw);
            out.add(split(first, logical.toString()));
            logical.setLength(0);
        }
        return out;
    }

    /** Words, quotes and escapes as the shell reads them; a '#' starting a word starts a comment. */
    static Line split(int number, String text) {
        List<List<String>> commands = new ArrayList<>();
        List<String> separators = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (c == '#' && !inWord) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == ';' || c == '&' || c == '|') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                String op = i + 1 < text.length() && text.charAt(i + 1) == c && c != ';' ? "" + c + c : "" + c;
                i += op.length() - 1;
                commands.add(words);
                separators.add(op);
                words = new ArrayList<>();
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        commands.add(words);
        separators.add("");
        return new Line(number, commands, separators);
    }
}
