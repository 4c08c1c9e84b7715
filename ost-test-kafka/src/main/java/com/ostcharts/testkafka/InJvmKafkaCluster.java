package com.ostcharts.testkafka;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.Collections;
import java.util.Objects;

/**
 * A KRaft cluster inside the test JVM, on Kafka's own {@code KafkaClusterTestKit}. That kit is an
 * internal API; this class is the only one that touches it, so a Kafka upgrade changes one file.
 */
final class InJvmKafkaCluster implements KafkaCluster {

    private final KafkaClusterTestKit kit;

    private InJvmKafkaCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    static InJvmKafkaCluster start(int brokers) {
        String replicas = Integer.toString(Math.min(brokers, 3));
        KafkaClusterTestKit kit = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1)
                    .build();
            kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", replicas)
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", replicas)
                    // With three brokers, the production rule: acks=all needs two in-sync replicas, internal topics too.
                    .setConfigProp("transaction.state.log.min.isr", brokers >= 3 ? "2" : "1")
                    .setConfigProp("min.insync.replicas", brokers >= 3 ? "2" : "1")
                    .setConfigProp("transaction.state.log.num.partitions", "5")
                    // A restarted broker may re-register sooner (the default 9 s session makes restarts slow).
                    .setConfigProp("broker.session.timeout.ms", "3000")
                    .setConfigProp("broker.heartbeat.interval.ms", "500")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new InJvmKafkaCluster(kit);
        } catch (Exception e) {
            if (kit != null) {
                closeQuietly(kit, e);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not start an in-JVM Kafka cluster of " + brokers + " broker(s)", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public void stopBrokers() {
        for (BrokerServer broker : kit.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    @Override
    public void startBrokers() {
        try {
            kit.brokers().values().forEach(BrokerServer::startup);
            kit.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not restart the brokers", e);
        }
    }

    @Override
    public int stopOneBroker() {
        if (kit.brokers().size() < 2) {
            throw new IllegalStateException("stopping the only broker is an outage: use stopBrokers()");
        }
        int id = Collections.max(kit.brokers().keySet());
        BrokerServer broker = kit.brokers().get(id);
        broker.shutdown();
        broker.awaitShutdown();
        return id;
    }

    @Override
    public void startBroker(int id) {
        BrokerServer broker = Objects.requireNonNull(kit.brokers().get(id), () -> "no broker " + id);
        try {
            broker.startup();
            kit.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not restart broker " + id, e);
        }
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the in-JVM Kafka cluster", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit kit, Exception cause) {
        try {
            kit.close();
        } catch (Exception suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
