package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The ACLs {@code k8s/base/kafka/users.yaml} grants, as Kafka {@link AclBinding}s: what Strimzi's User Operator creates on
 * the brokers for each {@code KafkaUser} with {@code authorization.type: simple}. Strimzi's semantics: the principal is
 * {@code User:<metadata.name>} (SCRAM users); a rule's {@code type} is {@code allow} unless it says {@code deny}, its
 * {@code host} is {@code *} unless given; a resource is a {@code topic}, {@code group}, {@code transactionalId} (each
 * named, {@code patternType} {@code literal} unless {@code prefix}) or the {@code cluster} (no name); every operation
 * in {@code operations} is one binding. Anything else in a rule fails the reading, so nothing is silently left out.
 *
 * @param byUser each KafkaUser's name and its bindings, in the file's order
 */
record LeastPrivilegeAcls(Map<String, List<AclBinding>> byUser) {

    /** Where the manifests keep the users, from the clone's root. */
    static final Path USERS = Path.of("k8s", "base", "kafka", "users.yaml");
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(30);

    static LeastPrivilegeAcls read(Path file) throws IOException {
        Map<String, List<AclBinding>> byUser = new LinkedHashMap<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            for (JsonNode document : documents.readAll()) {
                if (!document.path("kind").asText().equals("KafkaUser")) {
                    continue;
                }
                String user = required(document.path("metadata").path("name"), "metadata.name");
                JsonNode authorization = document.path("spec").path("authorization");
                if (!authorization.path("type").asText().equals("simple")) {
                    throw new IllegalArgumentException(user + ": authorization.type is not simple: " + authorization);
                }
                List<AclBinding> bindings = new ArrayList<>();
                for (JsonNode rule : authorization.path("acls")) {
                    bindings.addAll(bindings(user, rule));
                }
                byUser.put(user, List.copyOf(bindings));
            }
        }
        return new LeastPrivilegeAcls(byUser);
    }

    Set<String> users() {
        return byUser.keySet();
    }

    List<AclBinding> of(String user) {
        List<AclBinding> bindings = byUser.get(user);
        if (bindings == null) {
            throw new IllegalArgumentException("no KafkaUser " + user + " in " + USERS);
        }
        return bindings;
    }

    /** {@code user}'s bindings on one resource as the file names it (one rule: the operations it lists). */
    List<AclBinding> of(String user, ResourceType type, String name) {
        List<AclBinding> bindings = of(user).stream()
                .filter(binding -> binding.pattern().resourceType() == type && binding.pattern().name().equals(name))
                .toList();
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException(user + " has no ACL on " + type + " " + name + " in " + USERS);
        }
        return bindings;
    }

    List<AclBinding> all() {
        return byUser.values().stream().flatMap(List::stream).toList();
    }

    /** Creates {@code bindings} and returns once the broker's authorizer holds them (its describeAcls answers them). */
    static void grant(Admin admin, Collection<AclBinding> bindings) throws Exception {
        admin.createAcls(bindings).all().get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        await("the broker's authorizer holds " + bindings).atMost(BROKER_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> aclsOnTheBroker(admin).containsAll(bindings));
    }

    /** Deletes {@code bindings} and returns once the broker's authorizer no longer holds any of them. */
    static void revoke(Admin admin, Collection<AclBinding> bindings) throws Exception {
        admin.deleteAcls(bindings.stream().map(AclBinding::toFilter).toList()).all()
                .get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        await("the broker's authorizer dropped " + bindings).atMost(BROKER_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> aclsOnTheBroker(admin).stream().noneMatch(bindings::contains));
    }

    private static Set<AclBinding> aclsOnTheBroker(Admin admin) throws Exception {
        return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static List<AclBinding> bindings(String user, JsonNode rule) {
        Set<String> known = Set.of("type", "resource", "host", "operations");
        rule.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(user + ": an ACL rule field this test does not know: " + field + " in " + rule);
            }
        });
        JsonNode resource = rule.path("resource");
        ResourceType type = switch (resource.path("type").asText()) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            case "cluster" -> ResourceType.CLUSTER;
            default -> throw new IllegalArgumentException(user + ": unknown resource type in " + rule);
        };
        String name = type == ResourceType.CLUSTER ? Resource.CLUSTER_NAME : required(resource.path("name"), "resource.name");
        PatternType pattern = switch (resource.path("patternType").asText("literal")) {
            case "literal" -> PatternType.LITERAL;
            case "prefix" -> PatternType.PREFIXED;
            default -> throw new IllegalArgumentException(user + ": unknown patternType in " + rule);
        };
        AclPermissionType permission = switch (rule.path("type").asText("allow")) {
            case "allow" -> AclPermissionType.ALLOW;
            case "deny" -> AclPermissionType.DENY;
            default -> throw new IllegalArgumentException(user + ": unknown rule type in " + rule);
        };
        String host = rule.path("host").asText("*");
        JsonNode operations = rule.path("operations");
        if (!operations.isArray() || operations.isEmpty()) {
            throw new IllegalArgumentException(user + ": a rule without operations: " + rule);
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode operation : operations) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, host, operation(operation.asText()), permission)));
        }
        return bindings;
    }

    /** Strimzi's operation names ({@code Read}, {@code DescribeConfigs}, {@code IdempotentWrite}, ...) as Kafka's. */
    static AclOperation operation(String strimzi) {
        AclOperation operation = AclOperation.valueOf(strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        if (operation == AclOperation.ANY || operation == AclOperation.UNKNOWN) {
            throw new IllegalArgumentException("not an operation Strimzi grants: " + strimzi);
        }
        return operation;
    }

    private static String required(JsonNode node, String field) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return node.asText();
    }
}
