package com.ostcharts.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every service's command line comes from one place, with one set of JVM flags; children end as they are told. */
class LauncherTest {

    @TempDir
    Path root;

    private Launcher launcherWithJars() throws IOException {
        Launcher launcher = new Launcher(root, root.resolve("logs"));
        for (Service service : Service.values()) {
            Path jar = launcher.jar(service.module());
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "");
        }
        return launcher;
    }

    @Test
    void everyServiceRunsItsExecJarWithTheSameJvmFlagsThenItsPortAndBroker() throws IOException {
        Launcher launcher = launcherWithJars();
        for (Service service : Service.values()) {
            List<String> command = launcher.command(service, 1234, "localhost:9", List.of("--extra"), Jvm.DEFAULT_HEAP);
            assertThat(command.subList(1, 1 + Jvm.SERVICE_FLAGS.size())).as(service.module()).isEqualTo(Jvm.SERVICE_FLAGS);
            assertThat(command.get(command.indexOf("-jar") + 1)).matches(".*/" + service.module() + "/target/" + service.module() + "-[^/]+-exec\\.jar");
            assertThat(command.getLast()).isEqualTo("--extra");
        }
        assertThat(launcher.command(Service.GATEWAY, 1234, "localhost:9", List.of(), "512m"))
                .contains("-micronaut.server.port=1234", "-ost.kafka.bootstrap-servers=localhost:9");
        assertThat(launcher.command(Service.CHART, 1234, "localhost:9", List.of(), "512m"))
                .contains("--server.port=1234", "--spring.kafka.bootstrap-servers=localhost:9");
    }

    @Test
    void anotherHeapReplacesOnlyTheHeapFlag() {
        assertThat(Jvm.serviceFlags("1g")).containsExactly("-Xmx1g", "-XX:+UseSerialGC", "-Xss512k", "--enable-native-access=ALL-UNNAMED",
                "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        Launcher launcher = new Launcher(root, root.resolve("logs"));
        assertThatThrownBy(() -> launcher.command(Service.INGEST, 1, "b", List.of(), "512m"))
                .isInstanceOf(StackException.class).hasMessageContaining("ingest-service's jar is missing").hasMessageContaining("./ost build");
    }

    @Test
    void aToolThatFailsNamesItselfAndItsLog() {
        Path log = root.resolve("logs/tool.log");
        assertThatThrownBy(() -> ChildProcess.run("the tool", List.of("sh", "-c", "echo broken; exit 3"), log, Duration.ofSeconds(30)))
                .isInstanceOf(StackException.class).hasMessage("the tool failed (exit 3); see " + log.toAbsolutePath());
        assertThat(log).content().isEqualTo("broken\n");
    }

    @Test
    void aChildIsStoppedByCloseAndKilledByCrashAndCanRestart() {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "60"), root.resolve("sleeper.log"));
        assertThat(child.isAlive()).isTrue();
        child.crash();
        assertThat(child.isAlive()).isFalse();
        assertThatThrownBy(child::checkAlive).isInstanceOf(StackException.class).hasMessageContaining("sleeper exited with 137");
        child.restart();
        assertThat(child.isAlive()).isTrue();
        child.close();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void busyPortsAreFoundUpFront() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            assertThatThrownBy(() -> Ports.requireFree(List.of(socket.getLocalPort()), "is another ./ost up running?"))
                    .hasMessageStartingWith("port " + socket.getLocalPort() + " is in use: is another ./ost up running?");
        }
    }
}
