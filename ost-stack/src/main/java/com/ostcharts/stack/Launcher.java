package com.ostcharts.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Starts the stack's processes from one clone's build: each service's {@code <module>/target/<module>-<version>-exec.jar}
 * with {@link Jvm#SERVICE_FLAGS}, the broker from {@code local-kafka/target/lib}, logs to {@code logs/<name>.log}.
 */
public final class Launcher {

    private final Path root;
    private final String version;
    private final Path logs;

    public Launcher(Path root, Path logs) {
        this.root = root.toAbsolutePath().normalize();
        this.version = version();
        this.logs = logs.toAbsolutePath();
    }

    /** The clone: the system property {@code ost.root} if set, else the one whose build holds these classes. */
    public static Path defaultRoot() {
        String property = System.getProperty("ost.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            // <root>/<module>/target/<jar> or <root>/<module>/target/classes
            Path code = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.getParent().getParent().getParent();
            if (root != null && Files.isRegularFile(root.resolve("ost"))) {
                return root;
            }
        } catch (URISyntaxException | NullPointerException e) {
            // not from a clone's build: fall through
        }
        return Path.of("").toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path logs() {
        return logs;
    }

    public Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** {@code <module>/target/<module>-<version>-exec.jar}, whether or not it exists. */
    public Path jar(String module) {
        return root.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
    }

    /** The jar, or a failure that says how to build it. */
    public Path requireJar(String module) {
        Path jar = jar(module);
        if (!Files.isRegularFile(jar)) {
            throw new StackException(module + "'s jar is missing (" + jar + "): run ./ost build and see its output");
        }
        return jar;
    }

    /** The service's command line: java, {@link Jvm#serviceFlags}, its jar, its port and broker, then {@code args}. */
    public List<String> command(Service service, int port, String bootstrapServers, List<String> args, String heap) {
        List<String> command = new ArrayList<>();
        command.add(Jvm.java());
        command.addAll(Jvm.serviceFlags(heap));
        command.add("-jar");
        command.add(requireJar(service.module()).toString());
        command.addAll(service.args(port, bootstrapServers));
        command.addAll(args);
        return command;
    }

    /**
     * Starts {@code service} on {@code port} against {@code bootstrapServers} with its own heap, logging to
     * {@code <module>.log}; does not wait.
     */
    public ServiceProcess start(Service service, int port, String bootstrapServers, List<String> args) {
        return start(service.module(), service, port, bootstrapServers, args);
    }

    /** As {@link #start(Service, int, String, List)} with another heap (the benchmark's: see {@link Jvm#serviceFlags}). */
    public ServiceProcess start(Service service, int port, String bootstrapServers, List<String> args, String heap) {
        return start(service.module(), service, port, command(service, port, bootstrapServers, args, heap));
    }

    /**
     * One of several instances of {@code service}, named {@code name} (its log: {@code <name>.log}), e.g.
     * {@code chart-service-2} beside {@code chart-service}; with its own heap.
     */
    public ServiceProcess start(String name, Service service, int port, String bootstrapServers, List<String> args) {
        return start(name, service, port, command(service, port, bootstrapServers, args, service.heap()));
    }

    private ServiceProcess start(String name, Service service, int port, List<String> command) {
        return new ServiceProcess(service, ChildProcess.start(name, command, log(name)), port);
    }

    /** A Kafka tool or class on the broker's classpath ({@code local-kafka/target/lib}), with the broker's logging. */
    public List<String> kafkaCommand(List<String> jvmFlags, String mainClass, List<String> args) {
        Path lib = root.resolve("local-kafka/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new StackException("the broker's classpath " + lib + " is missing: run ./ost build and see its output");
        }
        List<String> command = new ArrayList<>();
        command.add(Jvm.java());
        command.addAll(jvmFlags);
        command.add("-Dlog4j2.configurationFile=" + root.resolve("config/local-kafka-log4j2.xml"));
        command.add("-cp");
        command.add(lib + "/*");
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Starts the standalone broker with its data under {@code data} and creates the contract's topics. */
    public KafkaBroker startBroker(Path data, Ports ports) {
        return KafkaBroker.start(this, data, ports);
    }

    /** {@code dir} emptied (deleted with everything under it, then created again). */
    public static Path freshFolder(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + dir, e);
        }
    }

    private static String version() {
        try (InputStream in = Launcher.class.getResourceAsStream("/ost-stack.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("ost-stack.properties is missing from the classpath", e));
        }
    }
}
