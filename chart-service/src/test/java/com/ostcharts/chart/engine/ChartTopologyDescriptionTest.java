package com.ostcharts.chart.engine;

import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the names that live on in Kafka: stores name changelog topics, the repartition topic carries the
 * partial charts. A rename here loses state in production, so it must be deliberate (and migrated).
 */
class ChartTopologyDescriptionTest {

    private final TopologyDescription description = ChartTopology.build(ChartEngineConfig.DEFAULTS).describe();

    @Test
    void storesKeepTheirNames() {
        Set<String> stores = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor processor) {
                stores.addAll(processor.stores());
            }
        }));
        assertThat(stores).containsExactly("archive-entity-partials", "archive-history", "archive-partials", "archive-progress", "archive-watermarks",
                "catalog", "chart-history", "chart-partials", "entity-listeners", "entity-partials", "listener-hours", "listener-journal",
                "listener-sketches", "play-buckets");
    }

    @Test
    void twoStagesJoinedByTheNamedPartialsTopic() {
        assertThat(description.subtopologies()).hasSize(2);
        assertThat(description.toString())
                .contains("Source: plays-source (topics: [ost.plays.v1])")
                .contains("Source: tracks-source (topics: [ost.tracks.v1])")
                .contains("Processor: count-plays (stores: [")
                .contains("Sink: partials-repartition-sink (topic: partials-repartition)")
                .contains("Source: partials-repartition-source (topics: [partials-repartition])")
                .contains("Processor: publish-charts (stores: [")
                .contains("Sink: charts-sink (extractor class: ");
    }
}
