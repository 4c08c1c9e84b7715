package com.ostcharts.chart.service;

import com.ostcharts.testkafka.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** On a real broker: the membership a crashed static member leaves behind is removed before the next start. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StaleMembershipIT {

    private static final String GROUP = "stale-membership-app";

    @RegisterExtension
    static final RealKafka kafka = RealKafka.singleBroker();

    @Test
    void aMembershipLeftByACrashedInstanceIsRemovedAndANewInstanceIdIsNoError() throws Exception {
        Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic("stale-membership-input", 1, (short) 1))).all().get();

            // Thread 1 of instance chart-0 joins, then ends without leaving the group, as a SIGKILL would.
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                    ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "chart-0-1", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("stale-membership-input"));
                await("the member joined").atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200));
                    return !consumer.assignment().isEmpty();
                });
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            }
            assertThat(staticMember(admin, "chart-0-1")).as("still a member after the crash").isPresent();

            StaleMembership.remove(adminConfig, GROUP, "chart-0", 2, Duration.ofSeconds(10));

            assertThat(staticMember(admin, "chart-0-1")).as("removed before the restart").isEmpty();
            StaleMembership.remove(adminConfig, GROUP, "chart-7", 1, Duration.ofSeconds(10)); // nothing to remove: no error
            StaleMembership.remove(adminConfig, "no-such-group", "chart-0", 1, Duration.ofSeconds(10));
        }
    }

    private static Optional<MemberDescription> staticMember(Admin admin, String instanceId) throws Exception {
        return admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get().members().stream()
                .filter(member -> member.groupInstanceId().filter(instanceId::equals).isPresent())
                .findFirst();
    }
}
