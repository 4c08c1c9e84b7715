package com.ostcharts.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Topic;
import com.ostcharts.contract.TopicLayout;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs every {@link Check} over one rendered deployment and collects what each one refuses. */
final class DeploymentChecks {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|API_KEYS?|JAAS|TOKEN|CREDENTIAL).*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");
    private static final String STREAMS_IMAGE = "chart-service";
    private static final String GATEWAY_IMAGE = "api-gateway";
    private static final String ARCHIVE_DIR = "ost.gateway.archive.dir";
    private static final Set<String> LONG_RUNNING = Set.of("Deployment", "StatefulSet", "DaemonSet");

    private static CrdSchemas crds;

    private final List<Manifest> manifests;
    private final Map<Check, List<String>> violations = new EnumMap<>(Check.class);

    private DeploymentChecks(List<Manifest> manifests) {
        this.manifests = manifests;
        for (Check check : Check.values()) {
            violations.put(check, new ArrayList<>());
        }
    }

    /** Every check's violations; a check with an empty list passed. */
    static Map<Check, List<String>> run(List<Manifest> manifests) {
        DeploymentChecks checks = new DeploymentChecks(manifests);
        checks.schemas();
        checks.resources();
        checks.probes();
        checks.disruptionBudgets();
        checks.selectors();
        checks.images();
        checks.securityContexts();
        checks.secrets();
        checks.gracefulShutdown();
        checks.streamsWorkload();
        checks.gatewayArchive();
        checks.contractTopics();
        checks.kafkaAccess();
        checks.kedaMaxReplicas();
        checks.kedaConsumerGroup();
        return checks.violations;
    }

    private void fail(Check check, Manifest manifest, String message) {
        violations.get(check).add(manifest.id() + ": " + message);
    }

    // --- schemas ---------------------------------------------------------------------------------------------

    private void schemas() {
        synchronized (DeploymentChecks.class) {
            if (crds == null) {
                crds = CrdSchemas.load();
            }
        }
        for (Manifest manifest : manifests) {
            if (CoreSchemas.covers(manifest)) {
                CoreSchemas.problem(manifest).ifPresent(problem -> fail(Check.CORE_SCHEMA, manifest, problem));
            } else if (crds.covers(manifest)) {
                crds.problems(manifest).forEach(problem -> fail(Check.CRD_SCHEMA, manifest, problem));
            } else {
                fail(Check.CRD_SCHEMA, manifest, "no schema for " + manifest.apiVersion() + " " + manifest.kind()
                        + ": add its model to CoreSchemas or its CRD to src/test/resources/crds");
            }
        }
    }

    // --- resources, probes, security, secrets -------------------------------------------------------------

    private void resources() {
        for (Manifest workload : workloads()) {
            for (JsonNode container : workload.containers()) {
                requireResources(workload, "container " + container.path("name").asText(), container.path("resources"));
            }
        }
        for (Manifest pool : all("KafkaNodePool")) {
            requireResources(pool, "spec.resources", pool.spec().path("resources"));
        }
        for (Manifest kafka : all("Kafka")) {
            JsonNode spec = kafka.spec();
            for (String part : List.of("topicOperator", "userOperator")) {
                if (spec.path("entityOperator").has(part)) {
                    requireResources(kafka, "entityOperator." + part, spec.path("entityOperator").path(part).path("resources"));
                }
            }
            for (String part : List.of("kafkaExporter", "cruiseControl")) {
                if (spec.has(part)) {
                    requireResources(kafka, part, spec.path(part).path("resources"));
                }
            }
        }
    }

    private void requireResources(Manifest manifest, String where, JsonNode resources) {
        for (String path : List.of("requests/cpu", "requests/memory", "limits/memory")) {
            if (resources.at("/" + path).isMissingNode()) {
                fail(Check.RESOURCES, manifest, where + " has no " + path.replace('/', '.')
                        + " (set requests for scheduling and a memory limit, which the JVM sizes its heap from)");
            }
        }
    }

    private void probes() {
        for (Manifest workload : workloads()) {
            if (!LONG_RUNNING.contains(workload.kind())) {
                continue;
            }
            for (JsonNode container : workload.podTemplate().path("spec").path("containers")) {
                String name = "container " + container.path("name").asText();
                Map<String, String> expected = Map.of("startupProbe", "liveness", "livenessProbe", "liveness", "readinessProbe", "readiness");
                expected.forEach((probe, endpoint) -> {
                    JsonNode node = container.path(probe);
                    if (node.isMissingNode()) {
                        fail(Check.PROBES, workload, name + " has no " + probe);
                    } else if (node.has("httpGet") && !node.path("httpGet").path("path").asText().contains(endpoint)) {
                        fail(Check.PROBES, workload, name + " " + probe + " must use the " + endpoint + " health endpoint, not "
                                + node.path("httpGet").path("path").asText());
                    }
                });
            }
        }
    }

    private void securityContexts() {
        for (Manifest workload : workloads()) {
            JsonNode pod = workload.podTemplate().path("spec");
            JsonNode podContext = pod.path("securityContext");
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (pod.path(host).asBoolean(false)) {
                    fail(Check.SECURITY_CONTEXT, workload, host + " is not allowed");
                }
            }
            pod.path("volumes").forEach(volume -> {
                if (volume.has("hostPath")) {
                    fail(Check.SECURITY_CONTEXT, workload, "hostPath volume " + volume.path("name").asText() + " is not allowed");
                }
            });
            for (JsonNode container : workload.containers()) {
                String name = "container " + container.path("name").asText();
                JsonNode context = container.path("securityContext");
                if (!(context.path("runAsNonRoot").asBoolean(false) || podContext.path("runAsNonRoot").asBoolean(false))) {
                    fail(Check.SECURITY_CONTEXT, workload, name + " may run as root: set runAsNonRoot: true");
                }
                if (context.path("runAsUser").asLong(1) == 0 || podContext.path("runAsUser").asLong(1) == 0) {
                    fail(Check.SECURITY_CONTEXT, workload, name + " runs as user 0");
                }
                String seccomp = context.path("seccompProfile").path("type").asText(podContext.path("seccompProfile").path("type").asText());
                if (!Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                    fail(Check.SECURITY_CONTEXT, workload, name + " has no seccompProfile RuntimeDefault");
                }
                if (!context.path("allowPrivilegeEscalation").isBoolean() || context.path("allowPrivilegeEscalation").asBoolean()) {
                    fail(Check.SECURITY_CONTEXT, workload, name + " must set allowPrivilegeEscalation: false");
                }
                if (context.path("privileged").asBoolean(false)) {
                    fail(Check.SECURITY_CONTEXT, workload, name + " is privileged");
                }
                if (Manifest.stream(context.path("capabilities").path("drop")).noneMatch(c -> c.asText().equals("ALL"))) {
                    fail(Check.SECURITY_CONTEXT, workload, name + " must drop ALL capabilities");
                }
                if (context.path("capabilities").path("add").size() > 0) {
                    fail(Check.SECURITY_CONTEXT, workload, name + " adds capabilities");
                }
                if (!context.path("readOnlyRootFilesystem").asBoolean(false)) {
                    fail(Check.SECURITY_CONTEXT, workload, name + " must set readOnlyRootFilesystem: true (mount an emptyDir where it writes)");
                }
            }
        }
    }

    private void secrets() {
        for (Manifest manifest : manifests) {
            if (manifest.is("Secret")) {
                fail(Check.SECRETS, manifest, "secrets are created in the cluster, never kept in the manifests (k8s/README.md)");
            }
        }
        for (Manifest workload : workloads()) {
            for (JsonNode container : workload.containers()) {
                for (JsonNode env : container.path("env")) {
                    String name = env.path("name").asText();
                    if (SECRET_NAME.matcher(name).matches() && env.has("value")) {
                        fail(Check.SECRETS, workload, "env " + name + " has a literal value: take it from a Secret (valueFrom.secretKeyRef)");
                    }
                }
                for (JsonNode arg : container.path("args")) {
                    String text = arg.asText();
                    if (SECRET_NAME.matcher(text.replace('.', '_')).matches() && text.contains("=") && !text.substring(text.indexOf('=')).contains("$(")) {
                        fail(Check.SECRETS, workload, "argument " + text.substring(0, text.indexOf('=')) + " has a literal value: use $(ENV) from a Secret");
                    }
                }
            }
        }
    }

    private void images() {
        for (Manifest workload : workloads()) {
            for (JsonNode container : workload.containers()) {
                imageProblem(container.path("image").asText()).ifPresent(problem ->
                        fail(Check.IMAGES, workload, "container " + container.path("name").asText() + ": " + problem));
            }
        }
        for (Manifest kafka : all("Kafka")) {
            if (kafka.spec().path("kafka").has("image")) {
                imageProblem(kafka.spec().path("kafka").path("image").asText()).ifPresent(p -> fail(Check.IMAGES, kafka, p));
            }
        }
    }

    /** Why an image reference is not pinned, if it is not. */
    static Optional<String> imageProblem(String image) {
        if (image.isBlank()) {
            return Optional.of("no image");
        }
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        if (!last.contains(":")) {
            return Optional.of(image + " has no tag (it means latest): pin a version or a digest");
        }
        if (last.endsWith(":latest")) {
            return Optional.of(image + " uses :latest: pin a version or a digest");
        }
        return Optional.empty();
    }

    // --- scale, disruption, references --------------------------------------------------------------------

    private void disruptionBudgets() {
        for (Manifest workload : workloads()) {
            if (!LONG_RUNNING.contains(workload.kind()) || workload.is("DaemonSet")) {
                continue;
            }
            int most = mostReplicas(workload);
            if (most > 1 && all("PodDisruptionBudget").stream().noneMatch(pdb -> selects(pdb.spec().path("selector"), workload.podLabels()))) {
                fail(Check.DISRUPTION_BUDGET, workload, "can run " + most + " pods but no PodDisruptionBudget selects them");
            }
        }
    }

    /** The most pods a workload can have: its replicas, or what an autoscaler targeting it may scale it to. */
    private int mostReplicas(Manifest workload) {
        int most = workload.spec().path("replicas").asInt(1);
        for (Manifest hpa : all("HorizontalPodAutoscaler")) {
            if (targets(hpa.spec().path("scaleTargetRef"), workload, "Deployment")) {
                most = Math.max(most, hpa.spec().path("maxReplicas").asInt(1));
            }
        }
        for (Manifest scaled : all("ScaledObject")) {
            if (targets(scaled.spec().path("scaleTargetRef"), workload, "Deployment")) {
                most = Math.max(most, scaled.spec().path("maxReplicaCount").asInt(100)); // KEDA's default
            }
        }
        return most;
    }

    private void selectors() {
        for (Manifest workload : workloads()) {
            JsonNode selector = workload.spec().path("selector");
            if (!workload.is("CronJob") && !workload.is("Job") && !selects(selector, workload.podLabels())) {
                fail(Check.SELECTORS, workload, "spec.selector " + selector + " does not match its pod template's labels " + workload.podLabels());
            }
            if (workload.is("StatefulSet")) {
                String service = workload.spec().path("serviceName").asText();
                Optional<Manifest> headless = all("Service").stream().filter(s -> s.name().equals(service)).findFirst();
                if (headless.isEmpty() || !headless.get().spec().path("clusterIP").asText().equals("None")) {
                    fail(Check.SELECTORS, workload, "serviceName " + service + " is not a headless Service of this deployment");
                }
            }
        }
        for (Manifest service : all("Service")) {
            JsonNode selector = service.spec().path("selector");
            if (!selector.isEmpty() && workloads().stream().noneMatch(w -> matches(Yaml.strings(selector), w.podLabels()))) {
                fail(Check.SELECTORS, service, "selector " + selector + " matches no workload's pods");
            }
        }
        for (Manifest pdb : all("PodDisruptionBudget")) {
            if (workloads().stream().noneMatch(w -> selects(pdb.spec().path("selector"), w.podLabels()))) {
                fail(Check.SELECTORS, pdb, "selector matches no workload's pods");
            }
        }
        for (Manifest scaler : all("HorizontalPodAutoscaler", "ScaledObject")) {
            JsonNode ref = scaler.spec().path("scaleTargetRef");
            if (workloads().stream().noneMatch(w -> targets(ref, w, "Deployment"))) {
                fail(Check.SELECTORS, scaler, "scaleTargetRef " + ref + " names no workload");
            }
        }
        for (Manifest monitor : all("ServiceMonitor")) {
            List<Manifest> services = all("Service").stream()
                    .filter(s -> selects(monitor.spec().path("selector"), Yaml.strings(s.json().path("metadata").path("labels")))).toList();
            if (services.isEmpty()) {
                fail(Check.SELECTORS, monitor, "selector matches no Service");
            }
            for (JsonNode endpoint : monitor.spec().path("endpoints")) {
                String port = endpoint.path("port").asText();
                for (Manifest service : services) {
                    if (Manifest.stream(service.spec().path("ports")).noneMatch(p -> p.path("name").asText().equals(port))) {
                        fail(Check.SELECTORS, monitor, "endpoint port " + port + " is not a named port of " + service.id());
                    }
                }
            }
        }
        Set<String> clusters = new HashSet<>(all("Kafka").stream().map(Manifest::name).toList());
        for (Manifest strimzi : all("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            String cluster = strimzi.json().path("metadata").path("labels").path("strimzi.io/cluster").asText();
            if (!clusters.contains(cluster)) {
                fail(Check.SELECTORS, strimzi, "label strimzi.io/cluster=" + cluster + " names no Kafka here " + clusters);
            }
        }
    }

    private static boolean targets(JsonNode ref, Manifest workload, String defaultKind) {
        return ref.path("kind").asText(defaultKind).equals(workload.kind()) && ref.path("name").asText().equals(workload.name());
    }

    /** A LabelSelector (matchLabels and matchExpressions) against a set of labels. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector.isMissingNode() || (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty())) {
            return false; // an empty selector would select everything: never what a workload means
        }
        if (!matches(Yaml.strings(selector.path("matchLabels")), labels)) {
            return false;
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>(Manifest.stream(expression.path("values")).map(JsonNode::asText).toList());
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> values.contains(labels.get(key));
                case "NotIn" -> !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Map<String, String> wanted, Map<String, String> labels) {
        return !wanted.isEmpty() && wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    // --- shutdown and the Streams workload ----------------------------------------------------------------

    private void gracefulShutdown() {
        for (Manifest workload : workloads()) {
            if (!LONG_RUNNING.contains(workload.kind())) {
                continue;
            }
            long grace = workload.podTemplate().path("spec").path("terminationGracePeriodSeconds").asLong(30);
            for (JsonNode container : workload.podTemplate().path("spec").path("containers")) {
                long preStop = preStopSeconds(container);
                long close = Manifest.env(container, "OST_CHART_CLOSE_TIMEOUT").map(DeploymentChecks::seconds).orElse(0L);
                if (grace <= preStop + close) {
                    fail(Check.GRACEFUL_SHUTDOWN, workload, "terminationGracePeriodSeconds " + grace + " must exceed preStop " + preStop
                            + " s + Streams close timeout " + close + " s, or the pod is killed before Streams commits and closes");
                }
            }
        }
    }

    private static long preStopSeconds(JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.has("sleep")) {
            return preStop.path("sleep").path("seconds").asLong();
        }
        List<String> command = Manifest.stream(preStop.path("exec").path("command")).map(JsonNode::asText).toList();
        if (command.size() == 2 && command.get(0).endsWith("sleep")) {
            return Long.parseLong(command.get(1).replaceAll("s$", "")); // sleep(1) counts seconds
        }
        return 0;
    }

    /** Spring's duration format as used here: {@code 30s}, {@code 1m}, {@code 500ms}, a bare number of milliseconds. */
    static long seconds(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + value);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return (long) Math.ceil(d.toMillis() / 1000.0);
    }

    private void streamsWorkload() {
        for (Manifest workload : streamsWorkloads()) {
            if (!workload.is("StatefulSet")) {
                fail(Check.STREAMS_WORKLOAD, workload, "Kafka Streams keeps state: run it as a StatefulSet with a volume per pod");
                continue;
            }
            JsonNode container = streamsContainer(workload);
            Optional<String> stateDir = Manifest.env(container, "SPRING_KAFKA_STREAMS_STATE_DIR");
            if (stateDir.isEmpty() || !onVolumeClaim(workload, container, stateDir.get())) {
                fail(Check.STREAMS_WORKLOAD, workload, "SPRING_KAFKA_STREAMS_STATE_DIR (" + stateDir.orElse("unset")
                        + ") must lie on a volumeClaimTemplate's mount, or every restart restores all state from the changelogs");
            }
            String instanceId = Manifest.envVar(container, "OST_CHART_INSTANCE_ID")
                    .map(e -> e.path("valueFrom").path("fieldRef").path("fieldPath").asText()).orElse("");
            if (!instanceId.equals("metadata.name")) {
                fail(Check.STREAMS_WORKLOAD, workload, "OST_CHART_INSTANCE_ID (group.instance.id) must come from the pod name (fieldRef metadata.name)");
            }
            if (Manifest.env(container, "OST_CHART_CLOSE_TIMEOUT").isEmpty()) {
                fail(Check.STREAMS_WORKLOAD, workload, "set OST_CHART_CLOSE_TIMEOUT explicitly, so the grace period can be checked against it");
            }
            if (Manifest.env(container, "OST_CHART_STANDBY_REPLICAS").isEmpty()) {
                fail(Check.STREAMS_WORKLOAD, workload, "set OST_CHART_STANDBY_REPLICAS explicitly (1 where there are two pods or more)");
            }
        }
    }

    /** api-gateway/DESIGN.md: each replica keeps its archive store on a volume of its own, or every restart is a rebuild. */
    private void gatewayArchive() {
        for (Manifest workload : workloads()) {
            Optional<JsonNode> gateway = workload.containers().stream().filter(c -> isImage(c, GATEWAY_IMAGE)).findFirst();
            if (gateway.isEmpty()) {
                continue;
            }
            if (!workload.is("StatefulSet")) {
                fail(Check.GATEWAY_ARCHIVE, workload, "api-gateway keeps the chart archive in a RocksDB store: run it as a StatefulSet"
                        + " with a volume per pod, or every restart reads the whole archive again (about 1.7 h a year)");
                continue;
            }
            Optional<String> dir = property(gateway.get(), ARCHIVE_DIR);
            if (dir.isEmpty() || !onVolumeClaim(workload, gateway.get(), dir.get())) {
                fail(Check.GATEWAY_ARCHIVE, workload, ARCHIVE_DIR + " (" + dir.orElse("unset: a temporary directory")
                        + ") must lie on a volumeClaimTemplate's mount, or every restart reads the whole archive again");
            }
            if (!workload.podTemplate().path("spec").path("securityContext").has("fsGroup")) {
                fail(Check.GATEWAY_ARCHIVE, workload, "set the pod's fsGroup: a new volume belongs to root, and the gateway,"
                        + " which runs as non-root, could not write the archive to it");
            }
        }
    }

    /** Whether {@code dir} lies on a mount of one of the workload's volumeClaimTemplates (a volume kept per pod). */
    private static boolean onVolumeClaim(Manifest workload, JsonNode container, String dir) {
        Set<String> claims = new HashSet<>(Manifest.stream(workload.spec().path("volumeClaimTemplates"))
                .map(c -> c.path("metadata").path("name").asText()).toList());
        return Manifest.stream(container.path("volumeMounts")).anyMatch(mount ->
                claims.contains(mount.path("name").asText()) && (dir + "/").startsWith(mount.path("mountPath").asText() + "/"));
    }

    /**
     * A Micronaut property of a container: a command-line argument ({@code -name=value}) or its environment variable
     * (upper case, {@code _} for {@code .} and {@code -}); the argument wins, as in Micronaut.
     */
    private static Optional<String> property(JsonNode container, String name) {
        for (JsonNode arg : container.path("args")) {
            String text = arg.asText();
            if (text.matches("--?" + Pattern.quote(name) + "=.*")) {
                return Optional.of(text.substring(text.indexOf('=') + 1));
            }
        }
        return Manifest.env(container, name.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"));
    }

    private List<Manifest> streamsWorkloads() {
        return workloads().stream().filter(w -> w.containers().stream().anyMatch(DeploymentChecks::isStreamsContainer)).toList();
    }

    private static JsonNode streamsContainer(Manifest workload) {
        return workload.containers().stream().filter(DeploymentChecks::isStreamsContainer).findFirst().orElseThrow();
    }

    private static boolean isStreamsContainer(JsonNode container) {
        return isImage(container, STREAMS_IMAGE);
    }

    /** Whether a container runs the image of that repository name (any registry, tag or digest). */
    private static boolean isImage(JsonNode container, String repositoryName) {
        String image = container.path("image").asText().replaceAll("@.*$", "");
        String repository = image.substring(image.lastIndexOf('/') + 1).replaceAll(":.*$", "");
        return repository.equals(repositoryName);
    }

    /** The Streams application.id: chart-service's application.properties, unless the workload overrides it. */
    static String applicationId(JsonNode container) {
        return Manifest.env(container, "SPRING_KAFKA_STREAMS_APPLICATION_ID").orElseGet(() -> {
            Path file = Tools.ROOT.resolve("chart-service/src/main/resources/application.properties");
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read chart-service's application.id from " + file, e);
            }
            return properties.getProperty("spring.kafka.streams.application-id", "");
        });
    }

    // --- Kafka: topics, users, KEDA ----------------------------------------------------------------------

    private Map<String, Manifest> kafkaTopics() {
        Map<String, Manifest> topics = new HashMap<>();
        for (Manifest topic : all("KafkaTopic")) {
            topics.put(topic.spec().path("topicName").asText(topic.name()), topic);
        }
        return topics;
    }

    private void contractTopics() {
        Map<String, Manifest> rendered = kafkaTopics();
        Manifest plays = rendered.get(Topics.PLAYS.name());
        Manifest charts = rendered.get(Topics.CHARTS.name());
        if (plays == null || charts == null) {
            violations.get(Check.CONTRACT_TOPICS).add("KafkaTopics " + Topics.PLAYS.name() + " and " + Topics.CHARTS.name() + " must be present");
            return;
        }
        TopicLayout layout = new TopicLayout(plays.spec().path("partitions").asInt(), charts.spec().path("partitions").asInt(),
                (short) plays.spec().path("replicas").asInt());
        for (Topic<?, ?> topic : Topics.ALL) {
            Manifest kafkaTopic = rendered.remove(topic.name());
            if (kafkaTopic == null) {
                violations.get(Check.CONTRACT_TOPICS).add("no KafkaTopic for the contract's " + topic.name());
                continue;
            }
            NewTopic expected = topic.newTopic(layout);
            JsonNode spec = kafkaTopic.spec();
            if (spec.path("partitions").asInt() != expected.numPartitions()) {
                fail(Check.CONTRACT_TOPICS, kafkaTopic, "partitions " + spec.path("partitions").asInt() + ", the contract's layout says "
                        + expected.numPartitions() + (topic.coPartitioned() ? " (co-partitioned with " + Topics.PLAYS.name() + ")" : ""));
            }
            if (spec.path("replicas").asInt() != expected.replicationFactor()) {
                fail(Check.CONTRACT_TOPICS, kafkaTopic, "replicas " + spec.path("replicas").asInt() + ", the layout says " + expected.replicationFactor());
            }
            expected.configs().forEach((key, value) -> {
                String actual = spec.path("config").path(key).asText(null);
                if (!value.equals(actual)) {
                    fail(Check.CONTRACT_TOPICS, kafkaTopic, "config " + key + "=" + actual + ", the contract says " + value);
                }
            });
        }
        rendered.values().forEach(extra -> fail(Check.CONTRACT_TOPICS, extra, "is not a topic of the contract (ost-contract Topics.ALL)"));
    }

    private void kafkaAccess() {
        Map<String, Manifest> users = new HashMap<>();
        all("KafkaUser").forEach(u -> users.put(u.name(), u));
        for (Manifest workload : workloads()) {
            for (JsonNode container : workload.containers()) {
                for (JsonNode env : container.path("env")) {
                    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                    if (!ref.path("key").asText().equals("sasl.jaas.config")) {
                        continue;
                    }
                    Manifest user = users.get(ref.path("name").asText());
                    if (user == null) {
                        fail(Check.KAFKA_ACCESS, workload, "its Kafka credentials come from Secret " + ref.path("name").asText()
                                + ", which no KafkaUser here writes");
                    } else if (isStreamsContainer(container)) {
                        streamsAcls(user, applicationId(container));
                    }
                }
            }
        }
    }

    private void streamsAcls(Manifest user, String applicationId) {
        record Need(String type, String name, Set<String> operations) {
        }
        List<Need> needs = List.of(
                new Need("topic", applicationId + "-", Set.of("Create", "Describe", "Read", "Write")),
                new Need("group", applicationId, Set.of("Read")),
                new Need("transactionalId", applicationId, Set.of("Write", "Describe")));
        for (Need need : needs) {
            boolean granted = Manifest.stream(user.spec().path("authorization").path("acls")).anyMatch(acl -> {
                JsonNode resource = acl.path("resource");
                Set<String> operations = new HashSet<>(Manifest.stream(acl.path("operations")).map(JsonNode::asText).toList());
                boolean covers = resource.path("patternType").asText("literal").equals("prefix")
                        ? need.name().startsWith(resource.path("name").asText())
                        : need.name().equals(resource.path("name").asText()) && !need.type().equals("topic");
                return resource.path("type").asText().equals(need.type()) && covers
                        && (operations.contains("All") || operations.containsAll(need.operations()));
            });
            if (!granted) {
                fail(Check.KAFKA_ACCESS, user, "the Streams application " + applicationId + " needs " + need.operations() + " on "
                        + need.type() + " " + need.name() + (need.type().equals("group") ? "" : "* (prefix ACL)"));
            }
        }
    }

    private void kedaMaxReplicas() {
        Map<String, Manifest> topics = kafkaTopics();
        for (Manifest scaled : all("ScaledObject")) {
            Optional<Manifest> target = workloads().stream().filter(w -> targets(scaled.spec().path("scaleTargetRef"), w, "Deployment")).findFirst();
            int threads = target.map(DeploymentChecks::streamThreads).orElse(1);
            int most = scaled.spec().path("maxReplicaCount").asInt(100);
            for (JsonNode trigger : kafkaTriggers(scaled)) {
                String topic = trigger.path("metadata").path("topic").asText();
                Manifest kafkaTopic = topics.get(topic);
                if (kafkaTopic == null) {
                    fail(Check.KEDA_MAX_REPLICAS, scaled, "trigger topic '" + topic + "' is no KafkaTopic here: name the input topic, whose partitions bound the scale");
                } else if (most * threads > kafkaTopic.spec().path("partitions").asInt()) {
                    fail(Check.KEDA_MAX_REPLICAS, scaled, "maxReplicaCount " + most + " x " + threads + " stream thread(s) > " + kafkaTopic.spec().path("partitions").asInt()
                            + " partitions of " + topic + ": the pods beyond would get no task");
                }
            }
        }
        Manifest plays = topics.get(Topics.PLAYS.name());
        for (Manifest workload : streamsWorkloads()) {
            if (plays != null && workload.spec().has("replicas")
                    && workload.spec().path("replicas").asInt() * streamThreads(workload) > plays.spec().path("partitions").asInt()) {
                fail(Check.KEDA_MAX_REPLICAS, workload, "replicas x stream threads > partitions of " + Topics.PLAYS.name());
            }
        }
    }

    private void kedaConsumerGroup() {
        for (Manifest scaled : all("ScaledObject")) {
            Optional<Manifest> target = streamsWorkloads().stream().filter(w -> targets(scaled.spec().path("scaleTargetRef"), w, "Deployment")).findFirst();
            for (JsonNode trigger : kafkaTriggers(scaled)) {
                String group = trigger.path("metadata").path("consumerGroup").asText();
                if (target.isEmpty()) {
                    fail(Check.KEDA_CONSUMER_GROUP, scaled, "scales on consumer group " + group + " but its target is not the Kafka Streams workload");
                    continue;
                }
                String applicationId = applicationId(streamsContainer(target.get()));
                if (!group.equals(applicationId)) {
                    fail(Check.KEDA_CONSUMER_GROUP, scaled, "consumerGroup " + group + " is not the application.id of " + target.get().id()
                            + " (" + applicationId + "): KEDA would scale on a group nobody consumes with");
                }
            }
        }
    }

    private static List<JsonNode> kafkaTriggers(Manifest scaled) {
        return Manifest.stream(scaled.spec().path("triggers")).filter(t -> t.path("type").asText().equals("kafka")).toList();
    }

    private static int streamThreads(Manifest workload) {
        return workload.containers().stream().filter(DeploymentChecks::isStreamsContainer).findFirst()
                .flatMap(c -> Manifest.env(c, "OST_CHART_STREAM_THREADS")).map(Integer::parseInt).orElse(1);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private List<Manifest> workloads() {
        return manifests.stream().filter(Manifest::isWorkload).toList();
    }

    private List<Manifest> all(String... kinds) {
        Predicate<Manifest> any = m -> List.of(kinds).contains(m.kind());
        return manifests.stream().filter(any).toList();
    }
}
