package com.ostcharts.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** One rendered Kubernetes object, as the JSON tree the API server would receive. */
record Manifest(JsonNode json) {

    String apiVersion() {
        return json.path("apiVersion").asText();
    }

    String kind() {
        return json.path("kind").asText();
    }

    String name() {
        return json.path("metadata").path("name").asText();
    }

    /** {@code Kind/name}, how violations name their object. */
    String id() {
        return kind() + "/" + name();
    }

    JsonNode spec() {
        return json.path("spec");
    }

    boolean is(String kind) {
        return kind().equals(kind);
    }

    /** The pod template of a workload, or a missing node. */
    JsonNode podTemplate() {
        return switch (kind()) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> spec().path("template");
            case "CronJob" -> spec().path("jobTemplate").path("spec").path("template");
            default -> MissingNode.getInstance();
        };
    }

    boolean isWorkload() {
        return !podTemplate().isMissingNode();
    }

    /** Containers and init containers of the pod template. */
    List<JsonNode> containers() {
        JsonNode pod = podTemplate().path("spec");
        List<JsonNode> all = new ArrayList<>();
        pod.path("initContainers").forEach(all::add);
        pod.path("containers").forEach(all::add);
        return all;
    }

    Map<String, String> podLabels() {
        return Yaml.strings(podTemplate().path("metadata").path("labels"));
    }

    /** The value of a plain (not valueFrom) environment variable of a container. */
    static Optional<String> env(JsonNode container, String name) {
        return envVar(container, name).map(e -> e.path("value")).filter(JsonNode::isValueNode).map(JsonNode::asText);
    }

    static Optional<JsonNode> envVar(JsonNode container, String name) {
        return stream(container.path("env")).filter(e -> e.path("name").asText().equals(name)).findFirst();
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
