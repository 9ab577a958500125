package io.mm.cli.record;

import io.mm.simulator.SimulatorUrls;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code mm <command>} as a child JVM with the test's classpath, its output in {@code <dir>/<name>.log}. */
final class RecorderProcess {
    private RecorderProcess() {}

    static Process start(Path dir, String name, SimulatorUrls urls, Map<String, String> env, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String p : List.of("java.lang", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "java.lang.reflect",
                "java.io", "java.net", "java.nio", "sun.nio.ch", "java.text", "java.time")) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        cmd.add("-Xmx1g");
        cmd.add("-Dlog4j2.configurationFile=" + Paths.get("target", "classes", "log4j2-mm.properties").toAbsolutePath());
        cmd.add("-Dmm.logs.dir=" + dir.resolve("logs"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.mm.cli.Mm");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        if (urls != null) {
            pb.environment().putAll(urls.environment());
        }
        // about noon in the trading window's zone, as the in-process recorder tests: no day roll, no two-day overlap
        pb.environment().put("WINDOW_TZ", io.mm.jobs.record.RecorderSimulatorITCase.zoneAtNoon());
        pb.environment().putAll(env);
        return pb.start();
    }
}
