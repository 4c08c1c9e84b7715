package com.ostcharts.e2e;

import com.ostcharts.contract.TopicLayout;
import com.ostcharts.stack.ServiceProcess;
import com.ostcharts.testkafka.RealKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Objects;

/**
 * A real broker and the three services on it, for one test class: before its first test the broker starts
 * ({@link RealKafka}) and then the services ({@link ServiceStack}, through the stack launcher); after its last test
 * the services stop, then the broker. Register it as
 * {@code @RegisterExtension static final StackExtension stack = StackExtension.singleBroker(API_KEY);}.
 */
final class StackExtension implements BeforeAllCallback, AfterAllCallback {

    private final RealKafka kafka;
    private final TopicLayout layout;
    private final String apiKey;
    private final List<String> chartArgs;
    private ServiceStack services;

    private StackExtension(RealKafka kafka, TopicLayout layout, String apiKey, List<String> chartArgs) {
        this.kafka = kafka;
        this.layout = layout;
        this.apiKey = apiKey;
        this.chartArgs = List.copyOf(chartArgs);
    }

    /** One broker, the local topic layout. */
    static StackExtension singleBroker(String apiKey) {
        return singleBroker(apiKey, List.of());
    }

    /** One broker, the local topic layout, with {@code chartArgs} added to chart-service's arguments. */
    static StackExtension singleBroker(String apiKey, List<String> chartArgs) {
        return new StackExtension(RealKafka.singleBroker(), TopicLayout.LOCAL, apiKey, chartArgs);
    }

    /** {@code count} in-JVM brokers (fault tests stop one), topics as {@code layout} says. */
    static StackExtension brokers(int count, TopicLayout layout, String apiKey) {
        return new StackExtension(RealKafka.brokers(count), layout, apiKey, List.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka.beforeAll(context);
        services = ServiceStack.start(context.getRequiredTestClass().getSimpleName(), kafka, apiKey, layout, chartArgs);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (services != null) {
                services.close();
                services = null;
            }
        } finally {
            kafka.afterAll(context);
        }
    }

    RealKafka kafka() {
        return kafka;
    }

    TopicLayout layout() {
        return layout;
    }

    ServiceStack services() {
        return Objects.requireNonNull(services, "the stack starts before the first test of the class");
    }

    ServiceProcess ingest() {
        return services().ingest();
    }

    ServiceProcess chart() {
        return services().chart();
    }

    ServiceProcess gateway() {
        return services().gateway();
    }

    void awaitChartServiceReady() {
        services().awaitChartServiceReady();
    }
}
