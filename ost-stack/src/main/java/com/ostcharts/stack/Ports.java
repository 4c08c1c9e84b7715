package com.ostcharts.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** The ports of one stack: the broker's two, and one per service. */
public record Ports(int kafka, int controller, int gateway, int ingest, int chart) {

    /** {@code ./ost up}'s, as the README lists them. */
    public static final Ports LOCAL = new Ports(9092, 9093, 8080, 8081, 8082);
    /** The benchmark's and the soak's: the local stack's plus 10,000, so that a running {@code ./ost up} is not disturbed. */
    public static final Ports BENCH = new Ports(19092, 19093, 18080, 18081, 18082);

    public List<Integer> all() {
        return List.of(kafka, controller, gateway, ingest, chart);
    }

    public int of(Service service) {
        return switch (service) {
            case INGEST -> ingest;
            case CHART -> chart;
            case GATEWAY -> gateway;
        };
    }

    public String bootstrapServers() {
        return "localhost:" + kafka;
    }

    /** Fails up front, before anything starts, if any of {@code ports} is taken; {@code hint} says what probably holds it. */
    public static void requireFree(List<Integer> ports, String hint) {
        for (int port : ports) {
            if (inUse(port)) {
                throw new StackException("port " + port + " is in use: " + hint + " (ss -ltnp 'sport = :" + port + "')");
            }
        }
    }

    /** Whether something accepts connections on {@code port} of this machine. */
    public static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
