package com.ostcharts.contract;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Kafka's lz4 codec compresses with lz4-java's fastest implementation, which lz4-java (1.11) takes to be its native one
 * only when it was loaded by the system class loader or its native library is already loaded. In a Spring Boot jar it is
 * loaded by Boot's own class loader, so every batch went through the pure-Java compressor, several times slower: 10 % of
 * chart-service's stream thread and most of ingest's producer cost (their DESIGN.md), while the raw producer ingest is
 * measured against, on the system class path, used the native one. Loading the native library once, explicitly, before
 * any Kafka client exists, makes it the fastest for every client after: lz4-java's own way for other class loaders.
 */
public final class NativeCompression {

    private NativeCompression() {
    }

    /**
     * Loads lz4's native library if this platform has one. Returns the implementation Kafka's lz4 codec uses from now on,
     * for the start-up log.
     */
    public static String useNativeLz4() {
        try {
            LZ4Factory.nativeInstance();
            XXHashFactory.nativeInstance(); // the frames' checksums
        } catch (Throwable unavailable) { // no native library for this platform or no temp dir: Java works, slower
            return LZ4Factory.fastestInstance() + " (native lz4 unavailable: " + unavailable + ")";
        }
        return LZ4Factory.fastestInstance().toString();
    }
}
