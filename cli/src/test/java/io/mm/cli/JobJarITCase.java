package io.mm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The jar submitted to a cluster carries the recorder and the bounded jobs only: their entry points are in it, and
 * nothing that runs only beside a cluster (bin/mm itself, serving, the simulator, benchmarks, checks) or that the
 * cluster provides (Flink, the logging stack). An ITCase: it reads the shaded jar the package phase builds.
 */
class JobJarITCase {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    private static List<String> entries() throws IOException {
        Matcher m = Pattern.compile("<artifactId>mm-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        Path jar = ROOT.resolve("jobs/target/mm-jobs-" + m.group(1) + "-job.jar");
        assertThat(jar).as("the shaded job jar (the default job-jar profile builds it)").exists();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return z.stream().map(e -> e.getName()).toList();
        }
    }

    @Test
    void theJobJarHoldsTheJobsEntryPointsAndNothingThatRunsBesideACluster() throws IOException {
        List<String> entries = entries();
        assertThat(entries).contains("io/mm/jobs/record/RecorderMain.class", "io/mm/jobs/cluster/ValidateMain.class",
                "io/mm/jobs/cluster/CombineMain.class");
        assertThat(entries).filteredOn(e -> e.startsWith("io/mm/jobs/") && e.endsWith(".class")).as("the jobs module's classes in the jar")
                .allMatch(e -> e.startsWith("io/mm/jobs/record/") || e.startsWith("io/mm/jobs/cluster/") || e.equals("io/mm/jobs/package-info.class"));
        assertThat(entries).as("the recorder's own code").anyMatch(e -> e.startsWith("io/mm/operators/"))
                .anyMatch(e -> e.startsWith("io/mm/validator/")).anyMatch(e -> e.startsWith("io/mm/history/"));
        assertThat(entries).as("bin/mm, serving, the simulator, benchmarks, Flink, logging, netty")
                .noneMatch(e -> e.startsWith("io/mm/cli/") || e.startsWith("io/mm/api/") || e.startsWith("io/mm/simulator/")
                        || e.startsWith("io/mm/bench/") || e.startsWith("org/apache/flink/") || e.startsWith("org/apache/logging/")
                        || e.startsWith("io/netty/") || e.equals("log4j2-mm.properties"));
    }
}
