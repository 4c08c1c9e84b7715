package com.ostcharts.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kernel's TCP counters that tell a connection flood's outcomes apart (Linux, {@code /proc/net/netstat} and
 * {@code /proc/net/snmp}, as {@code nstat} reads them): the listen backlog overflowing, SYN cookies sent and failed, and
 * the resets the host sent. Taken around the bench's overload step, so a "connection lost" there can be traced to its
 * cause (ingest-service/DESIGN.md, "The overload's resets, found"). Empty where the files are not there.
 */
record KernelTcpCounters(Map<String, Long> values) {

    static final List<String> NAMES = List.of("TcpExt:ListenOverflows", "TcpExt:SyncookiesSent", "TcpExt:SyncookiesFailed",
            "Tcp:OutRsts", "Tcp:EstabResets");

    static KernelTcpCounters read() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (Path file : List.of(Path.of("/proc/net/netstat"), Path.of("/proc/net/snmp"))) {
            try {
                all.putAll(parse(Files.readAllLines(file)));
            } catch (IOException | RuntimeException e) {
                // not Linux, or no procfs: nothing to report
            }
        }
        Map<String, Long> kept = new LinkedHashMap<>();
        NAMES.forEach(name -> {
            if (all.containsKey(name)) {
                kept.put(name, all.get(name));
            }
        });
        return new KernelTcpCounters(kept);
    }

    /** Pairs of lines, a header of names and a line of values, each starting with its group ({@code TcpExt:}). */
    static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            String[] names = lines.get(i).trim().split("\\s+");
            String[] numbers = lines.get(i + 1).trim().split("\\s+");
            if (names.length != numbers.length || !names[0].equals(numbers[0])) {
                continue;
            }
            for (int k = 1; k < names.length; k++) {
                values.put(names[0] + names[k], Long.parseLong(numbers[k]));
            }
        }
        return values;
    }

    /** What changed since {@code before}, e.g. {@code TcpExt:ListenOverflows +44,020}; empty if nothing is known. */
    String since(KernelTcpCounters before) {
        return values.entrySet().stream().filter(e -> before.values.containsKey(e.getKey()))
                .map(e -> String.format("%s %+,d", e.getKey(), e.getValue() - before.values.get(e.getKey())))
                .collect(Collectors.joining(", "));
    }
}
