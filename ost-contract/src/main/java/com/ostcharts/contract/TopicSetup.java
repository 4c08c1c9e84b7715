package com.ostcharts.contract;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates the contract's topics with explicit partitions and configs; the broker never auto-creates them.
 * Idempotent: topics that exist are checked, not changed.
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * Creates what is missing and checks that the co-partitioned topics agree.
     *
     * @throws IllegalStateException when existing topics break the layout in a way that would miscount
     */
    public static void ensureTopics(Admin admin, TopicLayout layout, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long ms = timeout.toMillis();
        Set<String> existing = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
        List<NewTopic> missing = Topics.ALL.stream()
                .filter(topic -> !existing.contains(topic.name()))
                .map(topic -> topic.newTopic(layout))
                .toList();
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(ms, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another instance creating them at the same moment is fine
                }
            }
        }
        checkCoPartitioned(admin, ms);
    }

    /**
     * A topic just created may not be known yet to the broker that answers (its metadata propagates): ask again,
     * within the timeout.
     */
    private static Map<String, TopicDescription> describeOnceKnown(Admin admin, List<String> names, long ms)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(ms, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static void checkCoPartitioned(Admin admin, long ms)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = Topics.ALL.stream().filter(Topic::coPartitioned).map(Topic::name).toList();
        Map<String, TopicDescription> described = describeOnceKnown(admin, names, ms);
        Map<String, Integer> partitions = described.values().stream()
                .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
        if (Set.copyOf(partitions.values()).size() > 1) {
            throw new IllegalStateException("Topics " + names + " must have the same partition count, found " + partitions
                    + ". Add partitions to the smaller one (kafka-topics --alter --partitions) before starting chart-service.");
        }
    }

    /** The local stack's setup step: {@code TopicSetup <bootstrap-servers> [partitions] [replication-factor]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: TopicSetup <bootstrap-servers> [partitions] [replication-factor]");
        }
        TopicLayout layout = new TopicLayout(
                args.length > 1 ? Integer.parseInt(args[1]) : TopicLayout.LOCAL.partitions(),
                TopicLayout.LOCAL.chartPartitions(),
                args.length > 2 ? Short.parseShort(args[2]) : TopicLayout.LOCAL.replicationFactor());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            ensureTopics(admin, layout, Duration.ofSeconds(30));
        }
        LoggerFactory.getLogger(TopicSetup.class).info("Topics ready: {}", Topics.ALL.stream().map(Topic::name).collect(Collectors.joining(", ")));
    }
}
