package com.ostcharts.stack;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ost-stack up [--clean] [--no-demo]}: what {@code ./ost up} runs (with {@code exec}, so that this JVM receives
 * the SIGTERM or SIGINT that stops the stack). Starts the broker and the three services on the local ports, loads the
 * demo catalog and starts demo traffic, prints the banner, and keeps watch: a child that exits ends the stack with a
 * message naming it and its log. Every failure is one line and a non-zero exit.
 */
public final class OstStack {

    static final String API_KEY = "local-dev-key";
    /** Set once the JVM shuts down: children ending then are being stopped, not failing. */
    private static volatile boolean stopping;

    private OstStack() {
    }

    public static void main(String[] args) {
        try {
            if (args.length == 0 || !args[0].equals("up")) {
                System.err.println("usage: ost-stack up [--clean] [--no-demo]");
                System.exit(2);
            }
            boolean clean = false;
            boolean demo = true;
            for (String arg : List.of(args).subList(1, args.length)) {
                switch (arg) {
                    case "--clean" -> clean = true;
                    case "--no-demo" -> demo = false;
                    default -> throw new StackException("unknown option for up: " + arg + " (see ./ost help)");
                }
            }
            up(Launcher.defaultRoot(), clean, demo);
        } catch (StackException | UncheckedIOException e) {
            System.err.println("ost: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            System.exit(130);
        }
    }

    private static void say(String message) {
        System.out.println("ost: " + message);
    }

    static void up(Path root, boolean clean, boolean demo) throws InterruptedException {
        Ports ports = Ports.LOCAL;
        Ports.requireFree(ports.all(), "is another ./ost up running?");
        Path state = root.resolve(".ost");
        Path data = state.resolve("data");
        Launcher launcher = new Launcher(root, state.resolve("logs"));
        for (Service service : Service.values()) {
            launcher.requireJar(service.module());
        }
        Path load = launcher.requireJar("load-generator");
        if (clean) {
            Launcher.freshFolder(data);
        }
        boolean fresh = !Files.isRegularFile(data.resolve("kafka").resolve("meta.properties"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            say("stopping");
        }, "ost-stack-say-stopping"));
        say("starting Kafka and the services (logs in " + launcher.logs() + ")");
        Stack stack = Stack.start(launcher, data, ports, Map.of(
                Service.INGEST, List.of("--spring.profiles.active=local"),
                Service.CHART, List.of("--spring.kafka.streams.state-dir=" + data.resolve("chart-service")),
                Service.GATEWAY, List.of("-ost.gateway.archive.dir=" + data.resolve("api-gateway"))));
        ChildProcess traffic = null;
        if (demo) {
            List<String> generator = List.of(Jvm.java(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", load.toString());
            List<String> target = List.of("--ingest", "http://localhost:" + ports.ingest(), "--api-key", API_KEY);
            ChildProcess.run("the demo catalog", concat(generator, List.of("catalog"), target), launcher.log("catalog"), Duration.ofMinutes(2));
            if (fresh) {
                // Three days of plays before the live traffic, so the charts have a history to open by date and plot. A
                // backfill must precede live plays (a period already archived never changes), so only on empty data.
                say("writing three days of demo history");
                ChildProcess.run("the demo history", concat(generator, List.of("run", "--target", "kafka",
                        "--bootstrap-servers", "localhost:" + ports.kafka(), "--history-days", "3", "--events", "150000")),
                        launcher.log("demo-history"), Duration.ofMinutes(3));
            }
            traffic = ChildProcess.start("demo traffic", concat(generator, List.of("demo"), target), launcher.log("demo-traffic"));
        }
        System.out.printf("""

                  OST Charts is running.%s

                    Dashboard and API   http://localhost:%d/          e.g. curl localhost:%d/api/v1/charts/global/1h
                    Ingest              http://localhost:%d/api/v1/plays   API key: %s
                    Chart service       http://localhost:%d/actuator/health
                    Kafka               localhost:%d
                    Data and logs       %s/

                  Ctrl-C stops everything.

                """, demo ? " Demo traffic is on." : " No demo traffic (--no-demo).", ports.gateway(), ports.gateway(),
                ports.ingest(), API_KEY, ports.chart(), ports.kafka(), state);
        System.out.flush();
        while (true) { // until SIGTERM or SIGINT: the shutdown hook stops every child, newest first
            try {
                stack.kafka().checkAlive();
                stack.services().forEach(ServiceProcess::checkAlive);
                if (traffic != null) {
                    traffic.checkAlive();
                }
            } catch (StackException e) {
                if (!stopping) {
                    throw e;
                }
            }
            Thread.sleep(1000);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }
}
