package com.ostcharts.ingest.publish;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PublishBacklogTest {

    private final AtomicLong now = new AtomicLong();
    private final PublishBacklog backlog = new PublishBacklog(now::get);

    @Test
    void theOldestWaitIsTheAgeOfTheOldestRequestStillWaiting() {
        assertThat(backlog.oldestWait()).isZero();
        long first = backlog.waiting();
        now.addAndGet(Duration.ofMillis(300).toNanos());
        long second = backlog.waiting();
        now.addAndGet(Duration.ofMillis(200).toNanos());

        assertThat(backlog.oldestWait()).isEqualTo(Duration.ofMillis(500));
        backlog.done(first);
        assertThat(backlog.oldestWait()).as("the second is now the oldest").isEqualTo(Duration.ofMillis(200));
        backlog.done(second);
        assertThat(backlog.oldestWait()).isZero();
        assertThat(backlog.waitingRequests()).isZero();
    }
}
