package com.ostcharts.chart.engine;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's own metrics, registered with Kafka Streams' metrics so that whatever exports those
 * (Micrometer in the service) exports these too, with no framework in the topology.
 */
final class ChartMetrics {

    static final String GROUP = "ost-chart-metrics";

    private ChartMetrics() {
    }

    /** Why plays were or were not counted, per task. */
    record Counting(Sensor counted, Sensor ineligible, Sensor late, Sensor duplicate, Sensor tickStretch, Runnable close) {
        void closeAll() {
            close.run();
        }
    }

    static Counting counting(ProcessorContext<?, ?> context) {
        Registrar registrar = new Registrar(context);
        return new Counting(
                registrar.counter("plays-counted", "plays that counted on the charts"),
                registrar.counter("plays-ineligible", "plays shorter than 30 seconds"),
                registrar.counter("plays-late", "plays that reached ingest more than 2 hours after playedAt"),
                registrar.counter("plays-duplicate", "plays beyond the first per listener, track and UTC hour, resends included"),
                registrar.gauge("tick-stretch", "how many count intervals apart this task sends changed charts now: 1 unless"
                        + " their work took more than its share of the thread or the thread is behind its input (TickPacer)"),
                registrar::removeAll);
    }

    static Sensor chartsPublished(ProcessorContext<?, ?> context, List<Runnable> closers) {
        Registrar registrar = new Registrar(context);
        closers.add(registrar::removeAll);
        return registrar.counter("charts-published", "chart versions published to ost.charts.v1");
    }

    /**
     * Entries of this task's live charts marked {@code concentrated} as last published (a gauge: plays from too few
     * listeners, CONTRACT section 3, "Listeners").
     */
    static Sensor concentratedEntries(ProcessorContext<?, ?> context, List<Runnable> closers) {
        Registrar registrar = new Registrar(context);
        closers.add(registrar::removeAll);
        return registrar.gauge("entries-concentrated", "entries of the live charts whose plays come from too few listeners");
    }

    /** Registers counters tagged with the task, and removes them when the task's processor closes. */
    private static final class Registrar {
        private final StreamsMetrics metrics;
        private final String taskId;
        private final List<Sensor> sensors = new ArrayList<>();

        Registrar(ProcessorContext<?, ?> context) {
            this.metrics = context.metrics();
            this.taskId = context.taskId().toString();
        }

        Sensor counter(String name, String description) {
            Sensor sensor = metrics.addSensor("ost." + taskId + "." + name, Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(name + "-total", GROUP, description,
                    Map.of("task-id", taskId, "thread-id", Thread.currentThread().getName())), new CumulativeCount());
            sensors.add(sensor);
            return sensor;
        }

        Sensor gauge(String name, String description) {
            Sensor sensor = metrics.addSensor("ost." + taskId + "." + name, Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(name, GROUP, description,
                    Map.of("task-id", taskId, "thread-id", Thread.currentThread().getName())), new Value());
            sensors.add(sensor);
            return sensor;
        }

        void removeAll() {
            sensors.forEach(metrics::removeSensor);
            sensors.clear();
        }
    }
}
