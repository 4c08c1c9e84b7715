package com.ostcharts.deploycheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each check can fail: {@code src/test/resources/broken/<check>[--case]/} is the prod overlay with one thing
 * broken, and exactly that check refuses it (every other check still passes, so the fixture proves what it claims).
 */
class BrokenFixturesTest {

    private static final Path FIXTURES = Tools.ROOT.resolve("ost-deploy-check/src/test/resources/broken");

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachBrokenFixtureFailsItsOwnCheckAndNoOther(String fixture) {
        Check expected = Check.valueOf(fixture.replaceAll("--.*$", "").replace('-', '_').toUpperCase(Locale.ROOT));

        Map<Check, List<String>> violations = DeploymentChecks.run(Kustomize.render(FIXTURES.resolve(fixture)));

        System.out.println(fixture + " -> " + expected + ": " + violations.get(expected)); // the report shows what each refused
        assertThat(violations.get(expected)).as("violations of " + expected).isNotEmpty();
        violations.forEach((check, found) -> {
            if (check != expected) {
                assertThat(found).as(check + " (only " + expected + " should fail)").isEmpty();
            }
        });
    }

    @Test
    void everyCheckHasABrokenFixture() throws IOException {
        List<String> covered = fixtures().map(f -> f.replaceAll("--.*$", "")).toList();

        assertThat(covered).containsAll(Arrays.stream(Check.values())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }
}
