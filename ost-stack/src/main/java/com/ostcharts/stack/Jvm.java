package com.ostcharts.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How every service JVM is run, by {@code ./ost up}, the benchmark, the soak and the end-to-end tests alike.
 *
 * <p>One set of flags, so that a test starts what users start: a 512 MB heap (the services' working sets are
 * 200 to 400 MB resident in the soak), the serial collector (2 cores, three services, a broker: a parallel
 * collector's threads would only compete), 512 KB thread stacks (Kafka clients and Streams start many threads),
 * native access allowed for RocksDB (chart-service's state store), which JDK 24+ otherwise warns about, and exit
 * on an {@code OutOfMemoryError}: a JVM that lives on after one may stop answering for good while its process
 * looks alive, so it ends and its supervisor (Kubernetes, or whoever ran {@code ./ost up}) sees it. The images set
 * the same flag (the parent pom's Jib {@code jvmFlags}).
 * No {@code -XX:TieredStopAtLevel=1}: it starts faster but caps the JIT, and the benchmark measures peak speed.
 */
public final class Jvm {

    /** The heap flag of {@link #SERVICE_FLAGS}, for a service that asks no other; {@link #serviceFlags(String)} replaces only it. */
    public static final String DEFAULT_HEAP = "512m";

    public static final List<String> SERVICE_FLAGS = List.of("-Xmx" + DEFAULT_HEAP, "-XX:+UseSerialGC", "-Xss512k",
            "--enable-native-access=ALL-UNNAMED", "-XX:+ExitOnOutOfMemoryError");

    private Jvm() {
    }

    /** The java of this JVM: whoever starts the launcher chose the JDK ({@code ./ost} selects a 21+). */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@link #SERVICE_FLAGS} with another maximum heap: a service's own ({@link Service#heap()}), or the benchmark's, which
     * drives ingest and chart-service flat out over up to 1.5 M plays and has taken its figures at 1 GB since the first run.
     */
    public static List<String> serviceFlags(String heap) {
        List<String> flags = new ArrayList<>(SERVICE_FLAGS);
        flags.set(0, "-Xmx" + heap);
        return List.copyOf(flags);
    }
}
