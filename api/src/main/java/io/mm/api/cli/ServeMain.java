package io.mm.api.cli;

import picocli.CommandLine;

/**
 * {@code bin/mm serve} without the rest of {@code bin/mm}: the serving process's entry point where Flink is not on
 * the classpath (the container image, deploy/). Settings and flags as {@code bin/mm serve}.
 */
public final class ServeMain {
    private ServeMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }
}
