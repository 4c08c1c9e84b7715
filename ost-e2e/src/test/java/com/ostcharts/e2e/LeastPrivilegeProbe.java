package com.ostcharts.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One thing a plain Kafka client tries on the broker with some user's credentials, every wait in it bounded by
 * {@link #CLIENT_TIMEOUT}: the broker's refusal is what {@link #refusal} returns. A refusal is an exception the broker
 * answered with, not a timeout; a client that got through returns none.
 *
 * @param what    for the test's name: "read ost.plays.v1"
 * @param refused the exception a broker answers this attempt with when no ACL allows it
 */
record LeastPrivilegeProbe(String what, Class<? extends ApiException> refused, Attempt attempt) {

    /** Every client wait in a probe; a refusal comes within a round trip or two, far sooner. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final int TIMEOUT_MS = (int) CLIENT_TIMEOUT.toMillis();

    @FunctionalInterface
    interface Attempt {
        void run(Map<String, Object> client) throws Exception;
    }

    @Override
    public String toString() {
        return what;
    }

    /** Produces one record (not idempotent: the question is the topic's Write, not the cluster's IdempotentWrite). */
    static LeastPrivilegeProbe write(String topic) {
        return new LeastPrivilegeProbe("write " + topic, TopicAuthorizationException.class, client -> {
            client.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            client.put(ProducerConfig.ACKS_CONFIG, "all");
            client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS);
            client.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2);
            client.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, new byte[]{1})).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Reads partition 0 from the beginning without a consumer group, as the gateway reads. */
    static LeastPrivilegeProbe read(String topic) {
        return new LeastPrivilegeProbe("read " + topic, TopicAuthorizationException.class, client -> {
            client.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            client.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                consumer.poll(CLIENT_TIMEOUT); // a refused read throws here, at the first metadata or fetch answer
                consumer.position(partition, CLIENT_TIMEOUT);
            }
        });
    }

    /** Commits an offset for {@code group}: finding the group's coordinator already needs the group's Describe. */
    static LeastPrivilegeProbe commitOffsets(String group, String topic) {
        return new LeastPrivilegeProbe("commit offsets of group " + group, GroupAuthorizationException.class, client -> {
            client.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            client.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            client.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            client.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)), CLIENT_TIMEOUT);
            }
        });
    }

    /** Starts a transactional producer with {@code transactionalId}: finding its coordinator needs the id's Describe. */
    static LeastPrivilegeProbe transactionalId(String transactionalId) {
        return new LeastPrivilegeProbe("use transactional id " + transactionalId, TransactionalIdAuthorizationException.class, client -> {
            client.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS);
            client.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
            }
        });
    }

    /** Creates a topic of one partition, as Kafka Streams creates its internal topics. */
    static LeastPrivilegeProbe createTopic(String topic) {
        return new LeastPrivilegeProbe("create topic " + topic, TopicAuthorizationException.class, client -> {
            client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2);
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * Runs the attempt as the client {@code client} describes (broker and credentials) and returns what the broker
     * answered: the exception (unwrapped from futures' wrappers), or empty if the attempt got through.
     */
    Optional<Throwable> refusal(Map<String, String> client) {
        try {
            attempt.run(new HashMap<>(client));
            return Optional.empty();
        } catch (Exception e) {
            Throwable cause = e;
            while ((cause instanceof ExecutionException || cause instanceof CompletionException || cause.getClass() == KafkaException.class)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return Optional.of(cause);
        }
    }
}
