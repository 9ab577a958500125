package io.mm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bin/mm --help} and each group's help list every command with a one-line summary a user can read. */
class MmHelpTest {
    @Test
    void everyCommandsSummaryInItsParentsTableIsACompleteSentence() {
        List<String> cut = new ArrayList<>();
        walkAll(Mm.commandLine(), c -> {
            String[] description = c.getCommandSpec().usageMessage().description();
            String first = description.length == 0 ? "" : description[0].strip();
            // the parent's table shows a command's first description line only; it must not stop mid-sentence
            if (c.getParent() != null && !first.matches("(?s).*[.)]$")) {
                cut.add(c.getCommandSpec().qualifiedName() + ": \"" + first + "\"");
            }
        });
        assertThat(cut).as("commands whose summary in the parent's help stops mid-sentence").isEmpty();
    }

    @Test
    void everyOptionsValueIsNamedForWhatItIsNotAfterAJavaField() {
        List<String> unnamed = new ArrayList<>();
        walkAll(Mm.commandLine(), c -> {
            for (picocli.CommandLine.Model.ArgSpec a : c.getCommandSpec().args()) {
                if (a.typeInfo().isBoolean() || a.paramLabel().isEmpty()) {
                    continue;
                }
                if (a.paramLabel().startsWith("<")) { // picocli's default: <javaFieldName>
                    unnamed.add(c.getCommandSpec().qualifiedName() + " " + (a.isOption() ? ((picocli.CommandLine.Model.OptionSpec) a).longestName() : "")
                            + "=" + a.paramLabel());
                }
            }
        });
        assertThat(unnamed).as("values shown in --help under a Java field's name").isEmpty();
    }

    @Test
    void everyCommandSaysTheVersion() {
        List<String> silent = new ArrayList<>();
        walkAll(Mm.commandLine(), c -> {
            java.io.StringWriter out = new java.io.StringWriter();
            if (c.getCommandSpec().mixinStandardHelpOptions()) {
                c.printVersionHelp(new java.io.PrintWriter(out, true));
                if (!out.toString().strip().equals("mm 0.1.0")) {
                    silent.add(c.getCommandSpec().qualifiedName() + ": '" + out.toString().strip() + "'");
                }
            }
        });
        assertThat(silent).as("commands whose --version does not say bin/mm's").isEmpty();
    }

    private static void walkAll(CommandLine c, java.util.function.Consumer<CommandLine> visit) {
        visit.accept(c);
        c.getSubcommands().values().forEach(sub -> walkAll(sub, visit));
    }
}
