package com.ostcharts.chart.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the chart engine (a plain Kafka Streams topology) with health, metrics and graceful shutdown. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChartServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChartServiceApplication.class, args);
    }
}
