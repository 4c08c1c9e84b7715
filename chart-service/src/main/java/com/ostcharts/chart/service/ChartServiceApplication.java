package com.ostcharts.chart.service;

import com.ostcharts.contract.NativeCompression;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the chart engine (a plain Kafka Streams topology) with health, metrics and graceful shutdown. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChartServiceApplication {

    public static void main(String[] args) {
        // Before any Kafka client: in Boot's class loader lz4-java would otherwise compress in pure Java (NativeCompression).
        String lz4 = NativeCompression.useNativeLz4();
        SpringApplication.run(ChartServiceApplication.class, args);
        LoggerFactory.getLogger(ChartServiceApplication.class).info("Kafka lz4 compression: {}", lz4);
    }
}
