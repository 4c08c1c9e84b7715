package com.ostcharts.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that follows topics with its own consumer, {@code assign()}ed and never in a consumer group (every replica
 * reads everything), from start-up to shutdown: when following fails it starts over with a new consumer after a
 * pause; shutdown wakes the consumer and ends the thread.
 */
abstract class KafkaFollower implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(KafkaFollower.class);

    private final KafkaClientConfig kafka;
    private final String name;
    private final String following;
    private final Duration retryPause;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    /** Records between what it has read and the end of its topics; -1 until it knows. Set by {@link #follow}. */
    protected final AtomicLong lag = new AtomicLong(-1);
    /** Whether it has read up to where its topics ended when it (last) started. Set by {@link #follow}. */
    protected volatile boolean caughtUp;

    /**
     * @param name       the thread's name and the consumer's client id (prefixed {@code api-gateway-})
     * @param following  what it follows, for the log: "the charts"
     * @param retryPause how long to wait before starting over after a failure
     */
    KafkaFollower(KafkaClientConfig kafka, String name, String following, Duration retryPause) {
        this.kafka = kafka;
        this.name = name;
        this.following = following;
        this.retryPause = retryPause;
    }

    boolean caughtUp() {
        return caughtUp;
    }

    long lag() {
        return lag.get();
    }

    /** Follows until {@link #running()} turns false or it fails; the consumer is new and assigned nothing yet. */
    abstract void follow(KafkaConsumer<String, byte[]> consumer) throws Exception;

    /** Called after a failure, before the pause: forget what no longer holds. */
    void failed() {
    }

    /** The consumer's settings beyond the shared ones (no commits, committed records only). */
    void configure(Map<String, Object> config) {
    }

    boolean running() {
        return running;
    }

    KafkaClientConfig kafka() {
        return kafka;
    }

    @PostConstruct
    void start() {
        thread = Thread.ofPlatform().name(name).daemon().start(this);
    }

    @Override
    public void run() {
        while (running) {
            Map<String, Object> config = kafka.clientProperties();
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-" + name);
            configure(config);
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                this.consumer = consumer;
                if (running) {
                    follow(consumer);
                }
            } catch (WakeupException | InterruptException | InterruptedException e) {
                return; // closing
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                log.warn("Following {} failed; starting over in {} s: {}", following, retryPause.toSeconds(), e.toString());
                failed();
                pause();
            } finally {
                this.consumer = null;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(retryPause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.interrupt();
        thread.join(5_000);
    }
}
