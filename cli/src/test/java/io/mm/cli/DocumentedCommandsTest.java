package io.mm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code bin/mm} (and {@code bin/cluster submit}) command line in README.md and docs/ is one a shell
 * runs as written and bin/mm accepts: the flags exist, the values parse, nothing unquoted splits the command.
 */
class DocumentedCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyDocumentedCommandLineParses() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (ShellLines.Line line : ShellLines.inCodeBlocks(Files.readAllLines(page))) {
                String where = ROOT.relativize(page) + ":" + line.number();
                List<List<String>> commands = line.commands();
                for (int i = 0; i < commands.size(); i++) {
                    List<String> args = mmArguments(commands.get(i));
                    if (args == null) {
                        continue;
                    }
                    if (line.separators().get(i).equals(";") && i + 1 < commands.size()) {
                        wrong.add(where + ": an unquoted ';' ends the command before '" + String.join(" ", commands.get(i + 1)) + "'");
                        continue;
                    }
                    checked++;
                    try {
                        Mm.commandLine().parseArgs(args.toArray(String[]::new));
                    } catch (CommandLine.ParameterException e) {
                        wrong.add(where + ": bin/mm " + String.join(" ", args) + ": " + e.getMessage());
                    }
                }
            }
        }
        assertThat(checked).as("documented bin/mm command lines found").isGreaterThan(40);
        assertThat(wrong).as("documented command lines a shell or bin/mm would not take as written").isEmpty();
    }

    /** The arguments bin/mm gets from {@code command}, or null when it is not a bin/mm command (or is bin/stack's). */
    private static List<String> mmArguments(List<String> command) {
        int i = 0;
        while (i < command.size() && command.get(i).matches("[A-Z_][A-Z0-9_]*=.*")) {
            i++; // environment assignments
        }
        if (i >= command.size()) {
            return null;
        }
        List<String> rest = command.subList(i + 1, command.size());
        if (command.get(i).equals("bin/mm")) {
            return rest.isEmpty() || List.of("up", "status", "down").contains(rest.get(0)) ? null : rest;
        }
        if (command.get(i).equals("bin/cluster") && rest.size() > 1 && rest.get(0).equals("submit")) {
            return rest.subList(1, rest.size());
        }
        return null;
    }
}
