package com.ostcharts.deploycheck;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools the checks shell out to ({@code kubectl kustomize}, {@code docker-compose config}).
 * A missing tool fails the test with a clear message in CI ({@code CI=true}) and skips it elsewhere.
 */
final class Tools {

    /** The repository's root, where {@code k8s/} and the compose files are. */
    static final Path ROOT = Path.of(System.getProperty("ost.repo.root", "..")).toAbsolutePath().normalize();

    private Tools() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static void require(String tool, String install) {
        if (onPath(tool)) {
            return;
        }
        String message = tool + " is not on the PATH: " + install;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: the deployment checks must run)");
        }
        Assumptions.abort(message + " (skipped outside CI)");
    }

    static void requireKubectl() {
        require("kubectl", "install kubectl 1.27+ (its built-in kustomize renders k8s/)");
    }

    static void requireDockerCompose() {
        require("docker-compose", "apt-get install docker-compose (Debian's; no Docker engine is needed for `config`)");
    }

    static Result run(Path directory, List<String> command) {
        try {
            Path out = Files.createTempFile("ost-deploy-check", ".out");
            Path err = Files.createTempFile("ost-deploy-check", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out after 120 s: " + String.join(" ", command));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        return dirs.stream().anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }
}
