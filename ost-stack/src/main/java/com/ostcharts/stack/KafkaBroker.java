package com.ostcharts.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The standalone KRaft broker (one node, broker and controller) from Maven artifacts, no Docker: its config is
 * {@code config/local-kafka.properties} with this stack's ports and data folder; its storage is formatted on first
 * start; the contract's topics are created by the contract's own {@code TopicSetup}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final Ports ports;

    private KafkaBroker(ChildProcess process, Ports ports) {
        this.process = process;
        this.ports = ports;
    }

    static KafkaBroker start(Launcher launcher, Path data, Ports ports) {
        Path config = data.resolve("kafka.properties");
        Path logDir = data.resolve("kafka");
        try {
            Files.createDirectories(data);
            String properties = Files.readString(launcher.root().resolve("config/local-kafka.properties"))
                    .replace("localhost:9092", "localhost:" + ports.kafka())
                    .replace("localhost:9093", "localhost:" + ports.controller());
            Files.writeString(config, properties + "\nlog.dirs=" + logDir.toAbsolutePath() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the broker's config " + config, e);
        }
        if (!Files.isRegularFile(logDir.resolve("meta.properties"))) {
            ChildProcess.run("Kafka storage format", launcher.kafkaCommand(List.of(), "kafka.tools.StorageTool",
                            List.of("format", "--standalone", "-t", clusterId(), "-c", config.toString())),
                    launcher.log("kafka-format"), Duration.ofMinutes(2));
        }
        ChildProcess broker = ChildProcess.start("kafka", launcher.kafkaCommand(List.of("-Xmx1g"), "kafka.Kafka",
                List.of(config.toString())), launcher.log("kafka"));
        try {
            broker.awaitListening(ports.kafka(), START_TIMEOUT);
            ChildProcess.run("topic setup", launcher.kafkaCommand(List.of(), "com.ostcharts.contract.TopicSetup",
                    List.of(ports.bootstrapServers())), launcher.log("topics"), Duration.ofMinutes(2));
            return new KafkaBroker(broker, ports);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** A KRaft cluster id, as {@code StorageTool random-uuid} prints one: 16 random bytes, base64url, never starting with '-'. */
    static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    public String bootstrapServers() {
        return ports.bootstrapServers();
    }

    public long pid() {
        return process.pid();
    }

    public void checkAlive() {
        process.checkAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
