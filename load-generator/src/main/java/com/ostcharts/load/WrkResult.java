package com.ostcharts.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code wrk --latency} printed: requests per second, and the latency distribution as wrk writes it ({@code 1.01ms}). */
record WrkResult(double requestsPerSecond, long requests, long non2xx, Map<String, String> latency) {

    private static final Pattern RPS = Pattern.compile("^Requests/sec:\\s+([\\d.]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("^\\s*Non-2xx or 3xx responses:\\s+(\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+(\\S+)\\s*$", Pattern.MULTILINE);

    /** The figures in {@code output}, if it has a Requests/sec line (wrk prints none when it could not connect). */
    static Optional<WrkResult> parse(String output) {
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            return Optional.empty();
        }
        Matcher requests = REQUESTS.matcher(output);
        Matcher non2xx = NON_2XX.matcher(output);
        Map<String, String> latency = new LinkedHashMap<>();
        Matcher p = PERCENTILE.matcher(output);
        while (p.find()) {
            if (!p.group(1).equals("75")) {
                latency.put("p" + p.group(1), p.group(2));
            }
        }
        return Optional.of(new WrkResult(Double.parseDouble(rps.group(1)), requests.find() ? Long.parseLong(requests.group(1)) : 0,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, latency));
    }
}
