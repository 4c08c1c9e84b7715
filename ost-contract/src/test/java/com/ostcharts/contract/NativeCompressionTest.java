package com.ostcharts.contract;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a class loader other than the system one (as in a Spring Boot jar), Kafka's lz4 codec gets lz4-java's pure-Java
 * compressor unless the native library was loaded first; {@link NativeCompression#useNativeLz4()} loads it.
 */
class NativeCompressionTest {

    /** lz4-java and this module's classes in a class loader of their own, as Boot's loader holds a service's jars. */
    private static URLClassLoader appLoader() throws Exception {
        URL lz4 = LZ4Factory.class.getProtectionDomain().getCodeSource().getLocation();
        URL contract = Path.of(NativeCompression.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
        return new URLClassLoader(new URL[]{lz4, contract}, ClassLoader.getPlatformClassLoader());
    }

    private static String fastestIn(ClassLoader loader) throws Exception {
        return loader.loadClass(LZ4Factory.class.getName()).getMethod("fastestInstance").invoke(null).toString();
    }

    @Test
    void outsideTheSystemClassLoaderTheCodecGetsTheJavaCompressorUntilTheNativeOneIsLoaded() throws Exception {
        try (URLClassLoader before = appLoader()) {
            assertThat(fastestIn(before)).as("what a Spring Boot service got").contains("Java");
        }
        try (URLClassLoader service = appLoader()) {
            String used = (String) service.loadClass(NativeCompression.class.getName()).getMethod("useNativeLz4").invoke(null);
            assertThat(used).isEqualTo("LZ4Factory:JNI");
            assertThat(fastestIn(service)).as("what Kafka's Lz4BlockOutputStream asks for").isEqualTo("LZ4Factory:JNI");
        }
    }
}
