package com.ostcharts.gateway;

import io.micronaut.runtime.Micronaut;

/** Serves the charts from memory: every replica follows all of ost.charts.v1 itself (no consumer group). */
public final class GatewayApplication {

    private GatewayApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(GatewayApplication.class, args);
    }
}
