package com.ostcharts.load;

import com.ostcharts.stack.Launcher;
import com.ostcharts.stack.Ports;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command that starts its own stack works: the clone ({@code root}), a work folder emptied for this run
 * ({@code bench/<folder>}, logs under it), a launcher logging there, and the bench's ports, refused if already in use.
 */
record BenchWorkspace(Path root, Path work, Launcher launcher, Ports ports) {

    /** {@code root}, or the clone whose build holds this jar if null; fails if another bench holds the ports. */
    static BenchWorkspace prepare(Path root, String folder) {
        Path clone = root != null ? root : Launcher.defaultRoot();
        Ports ports = Ports.BENCH;
        Ports.requireFree(ports.all(), "is a ./ost bench running?");
        Path work = Launcher.freshFolder(clone.resolve("bench").resolve(folder));
        return new BenchWorkspace(clone, work, new Launcher(clone, work.resolve("logs")), ports);
    }

    /** The {@code --root} option of the commands that start their own stack. */
    static final class RootOption {
        @CommandLine.Option(names = "--root", description = "the clone (default: the one whose build holds this jar)")
        Path root;
    }

    /** {@code bench/results}, where reports go. */
    Path results() {
        try {
            return Files.createDirectories(root.resolve("bench/results"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + root.resolve("bench/results"), e);
        }
    }
}
