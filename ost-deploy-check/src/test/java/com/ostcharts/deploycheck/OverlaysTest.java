package com.ostcharts.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real overlays render and pass every check; and they are what k8s/README.md says they are. */
class OverlaysTest {

    @ParameterizedTest(name = "k8s/overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyOverlayRendersAndPassesEveryCheck(String overlay) {
        List<Manifest> manifests = Kustomize.render(Tools.ROOT.resolve("k8s/overlays/" + overlay));

        Map<Check, List<String>> violations = DeploymentChecks.run(manifests);

        assertThat(violations).allSatisfy((check, found) -> assertThat(found).as(check.name()).isEmpty());
    }

    @Test
    void devRunsOneKafkaNodeAndOneReplicaOfEverything() {
        List<Manifest> dev = Kustomize.render(Tools.ROOT.resolve("k8s/overlays/dev"));

        assertThat(one(dev, "KafkaNodePool").spec().path("replicas").asInt()).isEqualTo(1);
        assertThat(of(dev, "KafkaTopic")).allSatisfy(topic -> assertThat(topic.spec().path("replicas").asInt()).isEqualTo(1));
        assertThat(named(dev, "StatefulSet", "chart-service").spec().path("replicas").asInt()).isEqualTo(1);
        assertThat(of(dev, "ScaledObject")).isEmpty();
    }

    @Test
    void prodUsesScramOverTlsWithReplicationThreeAndScalesChartServiceOnLag() {
        List<Manifest> prod = Kustomize.render(Tools.ROOT.resolve("k8s/overlays/prod"));

        Manifest kafka = one(prod, "Kafka");
        JsonNode listener = kafka.spec().path("kafka").path("listeners").get(0);
        assertThat(listener.path("tls").asBoolean()).isTrue();
        assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        assertThat(kafka.spec().path("kafka").path("authorization").path("type").asText()).isEqualTo("simple");
        assertThat(kafka.spec().path("kafka").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(one(prod, "KafkaNodePool").spec().path("replicas").asInt()).isEqualTo(3);
        assertThat(of(prod, "KafkaUser")).extracting(Manifest::name)
                .containsExactlyInAnyOrder("ingest-service", "chart-service", "api-gateway", "keda-chart-service");
        assertThat(named(prod, "StatefulSet", "chart-service").spec().has("replicas")).as("KEDA owns the replica count").isFalse();
        assertThat(of(prod, "ScaledObject")).hasSize(1);
        assertThat(of(prod, "PrometheusRule")).hasSize(1);
        assertThat(of(prod, "ServiceMonitor")).hasSize(3);
    }

    private static List<Manifest> of(List<Manifest> manifests, String kind) {
        return manifests.stream().filter(m -> m.is(kind)).toList();
    }

    /** The one object of that kind and name (chart-service and api-gateway are both StatefulSets). */
    private static Manifest named(List<Manifest> manifests, String kind, String name) {
        List<Manifest> found = of(manifests, kind).stream().filter(m -> m.name().equals(name)).toList();
        assertThat(found).as(kind + "/" + name).hasSize(1);
        return found.getFirst();
    }

    private static Manifest one(List<Manifest> manifests, String kind) {
        assertThat(of(manifests, kind)).as(kind).hasSize(1);
        return of(manifests, kind).getFirst();
    }
}
