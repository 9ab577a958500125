package io.mm.bench;

import picocli.CommandLine.Option;

/** The options of a benchmark that runs a job, lets it warm up, then measures for a while (a picocli mixin). */
final class MeasuredWindow {
    @Option(names = "--seconds", paramLabel = "S", description = "measured seconds (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int seconds = 60;

    @Option(names = "--warmup", paramLabel = "S", description = "seconds before measuring (default ${DEFAULT-VALUE})", converter = Counts.AtLeastZero.class)
    int warmup = 20;
}
