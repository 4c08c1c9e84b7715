package com.ostcharts.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose files, checked by Debian's docker-compose ({@code config -q}: schema, interpolation, references, with
 * no Docker engine), then for pinned images and a health check on every long-running service.
 */
class ComposeFilesTest {

    private static final Path BROKEN = Tools.ROOT.resolve("ost-deploy-check/src/test/resources/broken-compose");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"docker-compose.yml", "docker-compose.yml,docker-compose.three-brokers.yml"})
    void theComposeFilesAreValidPinnedAndHealthChecked(String files) {
        List<Path> paths = List.of(files.split(",")).stream().map(Tools.ROOT::resolve).toList();

        assertThat(config(paths, true)).as("docker-compose config -q").isEqualTo("");
        assertThat(policyProblems(paths)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown-key.yml", "bad-dependency.yml"})
    void aComposeFileDockerComposeRejectsFailsTheCheck(String file) {
        assertThat(config(List.of(BROKEN.resolve(file)), true)).as("docker-compose config -q must refuse " + file).isNotEqualTo("");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"latest-image.yml", "no-healthcheck.yml"})
    void aValidComposeFileThatBreaksThePolicyFailsTheCheck(String file) {
        List<Path> paths = List.of(BROKEN.resolve(file));

        assertThat(config(paths, true)).as("valid for docker-compose").isEqualTo("");
        assertThat(policyProblems(paths)).isNotEmpty();
    }

    /** docker-compose's complaint ("" when it has none); with {@code quiet} false, the resolved file. */
    private static String config(List<Path> files, boolean quiet) {
        Tools.requireDockerCompose();
        List<String> command = new ArrayList<>(List.of("docker-compose"));
        files.forEach(f -> command.addAll(List.of("-f", f.toString())));
        command.add("config");
        if (quiet) {
            command.add("-q");
        }
        Tools.Result result = Tools.run(Tools.ROOT, command);
        if (quiet) {
            return result.ok() ? "" : "exit " + result.exitCode() + ": " + result.stderr();
        }
        assertThat(result.ok()).as(result.stderr()).isTrue();
        return result.stdout();
    }

    private static List<String> policyProblems(List<Path> files) {
        JsonNode resolved = Yaml.documents(config(files, false)).getFirst();
        List<String> problems = new ArrayList<>();
        resolved.path("services").properties().forEach(entry -> {
            String service = entry.getKey();
            JsonNode spec = entry.getValue();
            DeploymentChecks.imageProblem(spec.path("image").asText()).ifPresent(p -> problems.add(service + ": " + p));
            boolean oneShot = spec.path("restart").asText("no").equals("no");
            if (!oneShot && !spec.has("healthcheck")) {
                problems.add(service + ": a long-running service needs a healthcheck (depends_on waits on it)");
            }
        });
        return problems;
    }
}
