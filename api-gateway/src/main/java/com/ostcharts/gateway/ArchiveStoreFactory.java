package com.ostcharts.gateway;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the {@link ArchiveStore} at start-up, in {@code ost.gateway.archive.dir} or, unset, in a temporary directory
 * removed when the gateway stops; fails the start with a message naming the directory when it cannot.
 */
@Factory
final class ArchiveStoreFactory {

    private static final Logger log = LoggerFactory.getLogger(ArchiveStoreFactory.class);

    @Context
    @Bean(preDestroy = "close")
    ArchiveStore archiveStore(ArchiveConfig config) {
        if (config.dir() == null) {
            Path temporary = createTemporary();
            log.warn("ost.gateway.archive.dir is not set: the chart archive is kept in {} until the gateway stops, and read "
                    + "whole from the topic at every start", temporary);
            return ArchiveStore.open(temporary, config.memory(), true);
        }
        Path dir = config.dir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("ost.gateway.archive.dir: cannot create " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException("ost.gateway.archive.dir: " + dir + " is not writable");
        }
        log.info("Chart archive in {}", dir);
        return ArchiveStore.open(dir, config.memory(), false);
    }

    private static Path createTemporary() {
        try {
            return Files.createTempDirectory("ost-gateway-archive-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the chart archive", e);
        }
    }
}
