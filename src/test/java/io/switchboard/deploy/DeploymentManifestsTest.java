package io.switchboard.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The Kubernetes manifests under deploy/ and the container images under src/main/docker/: they
 * parse, point their probes at endpoints the running application really serves, and agree with
 * each other (ports, names, JVM flags and memory).
 */
@QuarkusTest
class DeploymentManifestsTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyManifestParsesAndEveryKustomizationNamesFilesThatExist() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).extracting(p -> DEPLOY.relativize(p).toString().replace('\\', '/'))
                .contains("base/deployment.yaml", "base/service.yaml", "base/kustomization.yaml",
                        "redis/kustomization.yaml", "redis/redis.yaml", "hpa.yaml");
        for (Path file : files) {
            List<JsonNode> docs = documents(file);
            assertThat(docs).as(file.toString()).isNotEmpty();
            for (JsonNode doc : docs) {
                assertThat(doc.path("kind").asText()).as("kind of a document in " + file).isNotEmpty();
                assertThat(doc.path("apiVersion").asText()).as("apiVersion in " + file).isNotEmpty();
            }
        }
        for (Path kustomization : files.stream().filter(p -> p.endsWith("kustomization.yaml")).toList()) {
            JsonNode k = documents(kustomization).get(0);
            List<String> named = new ArrayList<>();
            k.path("resources").forEach(r -> named.add(r.asText()));
            k.path("patches").forEach(p -> named.add(p.path("path").asText()));
            for (String name : named) {
                assertThat(kustomization.getParent().resolve(name)).as(kustomization + " names " + name).exists();
            }
        }
    }

    @Test
    void theContainerListensOn8080AndItsProbesAnswerOnTheRunningApplication() throws IOException {
        JsonNode container = container();
        JsonNode port = container.path("ports").get(0);
        assertThat(port.path("containerPort").asInt()).isEqualTo(8080);
        assertThat(port.path("name").asText()).isEqualTo("http");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("port").asText()).as(probe + " port").isEqualTo("http");
            String path = get.path("path").asText();
            assertThat(path).as(probe + " path").startsWith("/q/health/");
            given().get(path).then().statusCode(200);
        }
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        JsonNode service = kind(documents(DEPLOY.resolve("base/service.yaml")), "Service");
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
        assertThat(service.path("spec").path("selector"))
                .isEqualTo(deployment().path("spec").path("template").path("metadata").path("labels"));
    }

    @Test
    void shutdownHasAPreStopAndTimeToFinish() throws IOException {
        JsonNode container = container();
        JsonNode command = container.path("lifecycle").path("preStop").path("exec").path("command");
        assertThat(command.isArray()).isTrue();
        Matcher sleep = Pattern.compile("sleep (\\d+)").matcher(command.toString());
        assertThat(sleep.find()).as("preStop sleeps").isTrue();
        int grace = deployment().path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt();
        assertThat(grace).isGreaterThan(Integer.parseInt(sleep.group(1)) + 30);
    }

    @Test
    void resourcesFitTheImagesJvmFlags() throws IOException {
        JsonNode resources = container().path("resources");
        assertThat(resources.path("requests").path("cpu").asText()).isNotEmpty();
        assertThat(resources.path("requests").path("memory").asText()).isNotEmpty();
        String limit = resources.path("limits").path("memory").asText();
        assertThat(limit).isNotEmpty();

        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("EXPOSE 8080");
        Matcher flags = Pattern.compile("ENV SWITCHBOARD_JVM_FLAGS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(flags.find()).isTrue();
        String shipped = flags.group(1);
        assertThat(dockerfile).as("Dockerfile.jvm passes exactly its flags (JAVA_OPTS, not run-java.sh's defaults)")
                .containsPattern("ENV JAVA_OPTS=\"[^\"]* \\$\\{SWITCHBOARD_JVM_FLAGS\\}\"");
        assertThat(properties("src/main/resources/application.properties").getProperty("quarkus.jib.environment-variables.\"JAVA_OPTS\""))
                .as("jib and Dockerfile.jvm start the JVM with the same flags").endsWith(" " + shipped);
        assertThat(properties("bench/peers/jvm-options.properties").getProperty("switchboard"))
                .as("the benchmark measures the flags Switchboard ships").isEqualTo(shipped);
        assertThat(Files.readString(Path.of("README.md"))).as("the README's production run line")
                .contains("java -XX:SharedArchiveFile=app-cds.jsa " + shipped + " -jar quarkus-run.jar");
        long heapMiB = mebibytesOfFlag(shipped, "-Xmx");
        assertThat(mebibytesOfFlag(shipped, "-Xms")).as("a heap that never resizes").isEqualTo(heapMiB);
        // Metaspace, code and thread stacks need room beside the heap and the direct buffers.
        assertThat(mebibytes(limit)).isGreaterThanOrEqualTo(heapMiB + mebibytesOfFlag(shipped, "-XX:MaxDirectMemorySize=") + 256);
        assertThat(Files.readString(Path.of("src/main/docker/Dockerfile.native"))).contains("EXPOSE 8080");
    }

    @Test
    void theRedisSetUpPatchesTheBaseAndTheAutoscalerTargetsIt() throws IOException {
        JsonNode patch = documents(DEPLOY.resolve("redis/backplane.yaml")).get(0);
        assertThat(patch.path("metadata").path("name").asText()).isEqualTo(deployment().path("metadata").path("name").asText());
        JsonNode patched = patch.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(patched.path("name").asText()).isEqualTo(container().path("name").asText());
        String hosts = null;
        for (JsonNode env : patched.path("env")) {
            if (env.path("name").asText().equals("QUARKUS_REDIS_HOSTS")) {
                hosts = env.path("value").asText();
            }
        }
        assertThat(hosts).isNotNull();
        JsonNode redisService = kind(documents(DEPLOY.resolve("redis/redis.yaml")), "Service");
        assertThat(hosts).isEqualTo("redis://" + redisService.path("metadata").path("name").asText() + ":"
                + redisService.path("spec").path("ports").get(0).path("port").asInt());
        assertThat(patch.path("spec").path("replicas").asInt()).isGreaterThan(1);

        JsonNode hpa = documents(DEPLOY.resolve("hpa.yaml")).get(0);
        assertThat(hpa.path("kind").asText()).isEqualTo("HorizontalPodAutoscaler");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText())
                .isEqualTo(deployment().path("metadata").path("name").asText());
        assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
    }

    private static JsonNode deployment() throws IOException {
        return kind(documents(DEPLOY.resolve("base/deployment.yaml")), "Deployment");
    }

    private static JsonNode container() throws IOException {
        return deployment().path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return YAML.readValues(YAML.getFactory().createParser(reader), JsonNode.class).readAll().stream()
                    .filter(n -> n != null && !n.isNull() && !n.isMissingNode()).toList();
        }
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Properties properties(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        }
        return properties;
    }

    /** The size a JVM flag such as {@code -Xmx1g} gives, in MiB. */
    private static long mebibytesOfFlag(String flags, String flag) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(flag) + "(\\d+)([mg])(?: |$)").matcher(flags);
        assertThat(m.find()).as(flag + " in " + flags).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("g") ? 1024 : 1);
    }

    private static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertThat(m.matches()).as("memory quantity " + quantity).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }
}
