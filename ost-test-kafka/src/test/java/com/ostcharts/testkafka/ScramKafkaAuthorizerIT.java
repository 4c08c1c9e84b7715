package com.ostcharts.testkafka;

import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorizing SCRAM broker: the admin may do anything; another user nothing until an ACL grants it, then only that. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScramKafkaAuthorizerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ScramKafka kafka = ScramKafka.withAuthorizer();

    @Test
    void theAdminMayDoAnythingAnotherUserOnlyWhatAnAclGrants() throws Exception {
        kafka.createContractTopics(TopicLayout.LOCAL); // as the admin, a super user: no ACL needed
        AclBinding describePlays = new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.PLAYS.name(), PatternType.LITERAL),
                new AccessControlEntry("User:" + ScramKafka.INGEST, "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW));

        try (Admin ingest = Admin.create(config(ScramKafka.INGEST)); Admin admin = kafka.admin()) {
            assertRefused(ingest, Topics.PLAYS.name());

            admin.createAcls(List.of(describePlays)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get().contains(describePlays) && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // each describeAcls is a round trip to the broker: it answers once its authorizer holds the ACL
            }

            assertThat(ingest.describeTopics(List.of(Topics.PLAYS.name())).allTopicNames()).succeedsWithin(TIMEOUT)
                    .satisfies(topics -> assertThat(topics).containsKey(Topics.PLAYS.name()));
            assertRefused(ingest, Topics.TRACKS.name());
        }
    }

    private static void assertRefused(Admin client, String topic) {
        assertThat(client.describeTopics(List.of(topic)).allTopicNames()).failsWithin(TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(TopicAuthorizationException.class);
    }

    private static Map<String, Object> config(String user) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties(user));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return config;
    }
}
