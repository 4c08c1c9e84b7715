package com.ostcharts.ingest;

import com.ostcharts.contract.NativeCompression;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Takes plays and catalog updates over HTTP and publishes them to Kafka, acknowledging only what Kafka acknowledged. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

    public static void main(String[] args) {
        // Before any Kafka client: in Boot's class loader lz4-java would otherwise compress in pure Java (NativeCompression).
        String lz4 = NativeCompression.useNativeLz4();
        SpringApplication.run(IngestApplication.class, args);
        LoggerFactory.getLogger(IngestApplication.class).info("Kafka lz4 compression: {}", lz4);
    }
}
