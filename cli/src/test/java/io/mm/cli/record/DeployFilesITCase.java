package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mm.cli.Mm;
import io.mm.jobs.record.RecordCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployment files (deploy/): no container runtime runs on the build machines, so this parses every file and
 * checks that what it names exists: the base image's Flink version is the project's, the jars the Dockerfile copies
 * are the ones the build makes, the main classes are in the job jar, every environment variable is a setting the
 * recorder reads, the reporter factories load, and the Kubernetes objects refer to each other by their names.
 * An ITCase: it reads the shaded job jar, which the package phase builds.
 */
class DeployFilesITCase {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Variables the official Flink image's entry point reads itself. */
    private static final Set<String> IMAGE_VARIABLES = Set.of("FLINK_PROPERTIES", "ENABLE_BUILT_IN_PLUGINS");

    private static String pomProperty(Path pom, String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
        assertThat(m.find()).as(name + " in " + pom).isTrue();
        return m.group(1);
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>mm-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<JsonNode> yaml(Path p) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(p.toFile())) {
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    static List<String> instructions(Path dockerfile) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String t = line.strip();
            if (t.startsWith("#") || t.isEmpty() && cur.length() == 0) {
                continue;
            }
            boolean more = t.endsWith("\\");
            cur.append(more ? t.substring(0, t.length() - 1) : t).append(' ');
            if (!more) {
                out.add(cur.toString().strip().replaceAll("\\s+", " "));
                cur.setLength(0);
            }
        }
        assertThat(cur.length()).as(dockerfile + " ends inside a continued line").isZero();
        return out;
    }

    private static Set<String> jobJarClasses() throws IOException {
        Path jar = ROOT.resolve("jobs/target/mm-jobs-" + projectVersion() + "-job.jar");
        assertThat(jar).as("the shaded job jar (the default job-jar profile builds it)").exists();
        Set<String> out = new HashSet<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            z.stream().forEach(e -> out.add(e.getName()));
        }
        return out;
    }

    private static void assertMainClass(String name, Set<String> jarEntries) {
        assertThat(jarEntries).as("main class " + name + " in the job jar").contains(name.replace('.', '/') + ".class");
    }

    /** The serving process's command: the classpath names the image's directories, the main class is in the api jar. */
    private static void assertServeCommand(List<String> command) throws IOException {
        assertThat(command.get(0)).isEqualTo("java");
        String cp = command.get(command.indexOf("-cp") + 1);
        assertThat(cp.split(":")).containsExactly("/opt/mm/serve/*", "/opt/flink/lib/*");
        String main = command.get(command.size() - 1);
        Path api = ROOT.resolve("api/target/mm-api-" + projectVersion() + ".jar");
        assertThat(api).exists();
        try (ZipFile z = new ZipFile(api.toFile())) {
            assertThat(z.getEntry(main.replace('.', '/') + ".class")).as("main class " + main + " in " + api).isNotNull();
        }
    }

    /** The environment variables {@code bin/mm serve} reads, as its help names them. */
    private static void assertServeVariable(String name) {
        String help = Mm.commandLine().getSubcommands().get("serve").getUsageMessage();
        assertThat(help).as("bin/mm serve --help names " + name).containsPattern("\\b" + name + "\\b");
    }

    private static Set<String> settings() {
        Set<String> s = new HashSet<>();
        for (String[] k : RecordCommand.SETTINGS) {
            s.add(k[0]);
        }
        return s;
    }

    /** Flink properties as the image takes them (FLINK_PROPERTIES, one {@code key: value} a line). */
    private static Map<String, String> properties(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                int colon = line.indexOf(':');
                assertThat(colon).as("'" + line + "' is key: value").isPositive();
                out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return out;
    }

    private static void assertFlinkProperties(String where, Map<String, String> props) throws Exception {
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (e.getKey().endsWith(".factory.class")) {
                assertThat(Class.forName(e.getValue())).as(where + " " + e.getKey()).isNotNull();
            }
            if (e.getKey().startsWith("metrics.reporter.prom.") && !e.getKey().endsWith(".factory.class")) {
                assertThat(e.getKey().substring("metrics.reporter.prom.".length())).as(where + " " + e.getKey())
                        .isIn(org.apache.flink.metrics.prometheus.BoundPrometheusReporterFactory.HOST,
                                org.apache.flink.metrics.prometheus.BoundPrometheusReporterFactory.PORT);
            }
        }
    }

    @Test
    void everyFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(DEPLOY)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).extracting(p -> DEPLOY.relativize(p).toString())
                .contains("Dockerfile", "docker-compose.yml", "k8s/flinkdeployment.yaml", "k8s/pvc.yaml", "k8s/serve.yaml");
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (n.endsWith(".yml") || n.endsWith(".yaml")) {
                assertThat(yaml(f)).as(f.toString()).isNotEmpty().allSatisfy(d -> assertThat(d.isObject()).isTrue());
            } else if (n.equals("Dockerfile")) {
                for (String i : instructions(f)) {
                    assertThat(i.split(" ")[0]).as(f + ": " + i).isIn("FROM", "WORKDIR", "COPY", "RUN", "VOLUME", "ENV", "ARG", "USER",
                            "EXPOSE", "ENTRYPOINT", "CMD", "LABEL");
                }
            } else {
                throw new AssertionError("no check for " + f);
            }
        }
    }

    @Test
    void theDockerfileBuildsOnTheProjectsFlinkAndCopiesWhatTheBuildMakes() throws IOException {
        String flink = pomProperty(ROOT.resolve("pom.xml"), "flink.version");
        String version = projectVersion();
        List<String> ins = instructions(DEPLOY.resolve("Dockerfile"));
        List<String> froms = ins.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(froms.get(froms.size() - 1)).as("the runtime image is the official Flink image of the project's version, Java 17")
                .isEqualTo("FROM flink:" + flink + "-java17");
        String build = ins.stream().filter(i -> i.startsWith("RUN ./mvnw")).findFirst().orElseThrow();
        Matcher pl = Pattern.compile("-pl (\\S+)").matcher(build);
        assertThat(pl.find()).isTrue();
        assertThat(pl.group(1).split(",")).contains("jobs", "cluster", "api", "history");
        for (String module : pl.group(1).split(",")) {
            assertThat(ROOT.resolve(module).resolve("pom.xml")).as("module " + module).exists();
        }
        assertThat(build).contains("-Pcluster");
        boolean jobJar = false;
        boolean serve = false;
        boolean history = false;
        for (String i : ins.stream().filter(x -> x.startsWith("COPY --from=build ")).toList()) {
            String[] parts = i.split(" ");
            for (int k = 2; k < parts.length - 1; k++) {
                String src = parts[k];
                assertThat(src).startsWith("/src/");
                Path rel = Paths.get(src.substring("/src/".length()));
                if (rel.startsWith("api/target") || rel.startsWith("history/target")) {
                    // the serving process and the history clients its metrics find on the classpath: the modules' jars,
                    // and their runtime libraries as copy-dependencies leaves them
                    String module = rel.getName(0).toString();
                    String dest = parts[parts.length - 1];
                    assertThat(dest).isEqualTo("/opt/mm/serve/");
                    if (rel.getFileName().toString().endsWith(".jar")) {
                        assertThat(rel.getFileName().toString()).isEqualTo("mm-" + module + "-" + version + ".jar");
                        assertThat(ROOT.resolve(rel)).as(src).exists();
                    } else {
                        assertThat(rel).isEqualTo(Paths.get(module, "target", "dependency"));
                        assertThat(build).contains("dependency:copy-dependencies").contains("-DincludeScope=runtime");
                    }
                    serve |= module.equals("api");
                    history |= module.equals("history");
                } else if (rel.startsWith("jobs/target")) {
                    assertThat(rel.getFileName().toString()).isEqualTo("mm-jobs-" + version + "-job.jar");
                    assertThat(ROOT.resolve(rel)).as(src).exists();
                    assertThat(parts[parts.length - 1]).isEqualTo("/opt/flink/usrlib/mm-jobs.jar");
                    jobJar = true;
                } else {
                    // copy-dependencies names cluster/target/lib's jars <artifact>-<version>.jar
                    assertThat(rel.getParent()).isEqualTo(Paths.get("cluster/target/lib"));
                    String jar = rel.getFileName().toString();
                    if (jar.startsWith("mm-metrics-")) {
                        assertThat(jar).isEqualTo("mm-metrics-" + version + ".jar");
                        assertThat(ROOT.resolve("metrics/target").resolve(jar)).exists();
                        assertThat(Files.readString(ROOT.resolve("cluster/pom.xml"))).contains("<artifactId>mm-metrics</artifactId>");
                    } else {
                        assertThat(jar).isEqualTo("flink-metrics-prometheus-" + flink + ".jar");
                        assertThat(Files.readString(ROOT.resolve("metrics/pom.xml"))).contains("<artifactId>flink-metrics-prometheus</artifactId>");
                    }
                }
            }
        }
        assertThat(jobJar).as("the Dockerfile copies the job jar").isTrue();
        assertThat(serve).as("the Dockerfile copies the serving process").isTrue();
        assertThat(history).as("the Dockerfile copies the history clients beside it").isTrue();
        try (ZipFile z = new ZipFile(ROOT.resolve("history/target/mm-history-" + version + ".jar").toFile())) {
            assertThat(z.getEntry("META-INF/services/" + io.mm.core.candle.CandleSource.Provider.class.getName()))
                    .as("the history jar offers its candle source to serving").isNotNull();
        }
    }

    @Test
    void composeRunsTheRecorderInApplicationModeWithRealSettings() throws Exception {
        JsonNode compose = yaml(DEPLOY.resolve("docker-compose.yml")).get(0);
        Set<String> jar = jobJarClasses();
        Set<String> settings = settings();
        JsonNode jm = compose.at("/services/jobmanager");
        JsonNode tm = compose.at("/services/taskmanager");
        assertThat(jm.isMissingNode() || tm.isMissingNode()).as("jobmanager and taskmanager services").isFalse();
        Matcher cls = Pattern.compile("^standalone-job --job-classname (\\S+)").matcher(jm.get("command").asText());
        assertThat(cls.find()).as("the JobManager runs the job in application mode").isTrue();
        assertMainClass(cls.group(1), jar);
        assertThat(tm.get("command").asText()).isEqualTo("taskmanager");
        assertThat(jm.get("image").asText()).isEqualTo(tm.get("image").asText());
        assertThat(jm.at("/build/dockerfile").asText()).isEqualTo("deploy/Dockerfile");
        for (JsonNode service : List.of(jm, tm)) {
            for (Iterator<String> it = service.get("environment").fieldNames(); it.hasNext(); ) {
                String name = it.next();
                assertThat(settings.contains(name) || IMAGE_VARIABLES.contains(name)).as("environment variable " + name + " is a setting").isTrue();
            }
            assertFlinkProperties("compose", properties(service.at("/environment/FLINK_PROPERTIES").asText()));
            assertThat(service.get("volumes").toString()).contains(":/data");
            for (JsonNode port : service.path("ports")) {
                assertThat(port.asText()).as("published on loopback only").startsWith("127.0.0.1:");
            }
        }
        assertThat(jm.at("/environment/DATA_DIR").asText()).isEqualTo("/data");
        assertThat(jm.at("/environment/SYMBOL").asText()).isEqualTo("binance:BTCUSDC,binance:ETHUSDC,binance:SOLUSDC,binance:XRPUSDC");
        assertThat(compose.at("/volumes").has("mm-data")).isTrue();
        JsonNode serve = compose.at("/services/serve");
        assertThat(serve.isMissingNode()).as("the serving process").isFalse();
        assertThat(serve.get("image").asText()).isEqualTo(jm.get("image").asText());
        List<String> entry = new ArrayList<>();
        serve.get("entrypoint").forEach(n -> entry.add(n.asText()));
        assertServeCommand(entry);
        for (Iterator<String> it = serve.get("environment").fieldNames(); it.hasNext(); ) {
            assertServeVariable(it.next());
        }
        assertThat(serve.get("volumes").toString()).contains("mm-data:/data");
        for (JsonNode port : serve.path("ports")) {
            assertThat(port.asText()).as("published on loopback only").startsWith("127.0.0.1:");
        }
    }

    @Test
    void theServingDeploymentRunsServeOnTheSameVolumeBehindAService() throws Exception {
        List<JsonNode> docs = yaml(DEPLOY.resolve("k8s/serve.yaml"));
        JsonNode deployment = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode service = docs.stream().filter(d -> d.path("kind").asText().equals("Service")).findFirst().orElseThrow();
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        List<String> command = new ArrayList<>();
        container.get("command").forEach(n -> command.add(n.asText()));
        assertServeCommand(command);
        for (JsonNode env : container.get("env")) {
            assertServeVariable(env.get("name").asText());
        }
        String claim = deployment.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText();
        assertThat(claim).isEqualTo(yaml(DEPLOY.resolve("k8s/pvc.yaml")).get(0).at("/metadata/name").asText());
        assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/template/metadata/labels"));
        assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/template/metadata/labels"));
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(container.at("/ports/0/name").asText());
        String port = null;
        for (JsonNode env : container.get("env")) {
            if (env.get("name").asText().equals("SERVE_PORT")) {
                port = env.get("value").asText();
            }
        }
        assertThat(container.at("/ports/0/containerPort").asText()).as("SERVE_PORT").isEqualTo(port);
    }

    @Test
    void theFlinkDeploymentUpgradesBySavepointWithStateOnTheVolume() throws Exception {
        JsonNode fd = yaml(DEPLOY.resolve("k8s/flinkdeployment.yaml")).get(0);
        JsonNode pvc = yaml(DEPLOY.resolve("k8s/pvc.yaml")).get(0);
        JsonNode compose = yaml(DEPLOY.resolve("docker-compose.yml")).get(0);
        assertThat(fd.get("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(fd.get("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        String flink = pomProperty(ROOT.resolve("pom.xml"), "flink.version");
        assertThat(fd.at("/spec/flinkVersion").asText()).isEqualTo("v" + flink.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"));
        assertThat(fd.at("/spec/image").asText()).isEqualTo(compose.at("/services/jobmanager/image").asText());
        assertThat(fd.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(fd.at("/spec/job/jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/mm-jobs.jar");
        assertMainClass(fd.at("/spec/job/entryClass").asText(), jobJarClasses());
        JsonNode conf = fd.at("/spec/flinkConfiguration");
        assertThat(conf.get("execution.checkpointing.dir").asText()).startsWith("file:///data/");
        assertThat(conf.get("execution.checkpointing.savepoint-dir").asText()).startsWith("file:///data/");
        assertThat(conf.get("high-availability.type").asText()).isEqualTo("kubernetes");
        Map<String, String> props = new LinkedHashMap<>();
        conf.properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));
        assertFlinkProperties("FlinkDeployment", props);
        Set<String> settings = settings();
        JsonNode container = fd.at("/spec/podTemplate/spec/containers/0");
        assertThat(container.get("name").asText()).isEqualTo("flink-main-container");
        for (JsonNode env : container.get("env")) {
            assertThat(settings).as("environment variable " + env.get("name").asText() + " is a setting").contains(env.get("name").asText());
        }
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/data");
        String claim = fd.at("/spec/podTemplate/spec/volumes/0/persistentVolumeClaim/claimName").asText();
        assertThat(pvc.get("kind").asText()).isEqualTo("PersistentVolumeClaim");
        assertThat(pvc.at("/metadata/name").asText()).as("the volume the pods mount").isEqualTo(claim);
        assertThat(pvc.at("/spec/accessModes/0").asText()).as("JobManager and TaskManagers share it").isEqualTo("ReadWriteMany");
    }
}
