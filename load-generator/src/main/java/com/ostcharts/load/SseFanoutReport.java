package com.ostcharts.load;

/**
 * One fan-out run ({@code bench/results/sse-fanout-latest.json}): many listeners of one chart's event stream on one
 * gateway while its versions are published, and others poll.
 *
 * @param listeners       listeners measured (normal), besides the slow and the reconnecting ones
 * @param documentBytes   the JSON of one version
 * @param measured        the measured listeners: the newest-version delay of every version published in the measured
 *                        interval to every one of them
 * @param spread          from the first measured listener to receive a version to the last
 * @param slow            the deliberately slow listeners, judged the same way
 * @param reconnects      reconnects with {@code Last-Event-ID} during the measured interval
 * @param pollers         the pollers' answers
 * @param gateway         the gateway process: memory and CPU
 * @param client          this client's CPU: whether it could have been the bottleneck
 */
record SseFanoutReport(String date, String command, String chart, int listeners, int slowListeners, int slowBytesPerSecond,
                       int reconnectingListeners, int clientProcesses, int clientThreads, boolean gzip, double versionsPerSecond,
                       long measuredSeconds, int documentBytes, double connectSeconds, long refused, long dropped, long failed,
                       FanoutAnalysis.Delivery measured, FanoutAnalysis.Spread spread, FanoutAnalysis.Delivery slow,
                       Reconnects reconnects, ChartPollers.Result pollers, GatewayProcess gateway, ClientCpu client) {

    /** Reconnects: how many, how many began with the newest version (or a newer one), and the wait for the first event. */
    record Reconnects(int count, int resumedAtNewest, long firstEventP50Ms, long firstEventP99Ms, long firstEventMaxMs) {
    }

    /**
     * The gateway: resident memory before the listeners connected, once they all had their first event, and the most
     * during the run; per connection; and its CPU over the measured interval (100 = one core).
     */
    record GatewayProcess(long pid, long rssBeforeMb, long rssConnectedMb, long rssPeakMb, long rssPerConnectionKb, double cpuPercent) {
    }

    /**
     * This client's CPU over the measured interval (100 = one core), each listener thread's share of its own time, and
     * the time its JVMs spent collecting garbage (a pause stops every listener thread).
     */
    record ClientCpu(double processPercent, double[] listenerThreadBusyPercent, long gcMillis) {
    }

    String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%,d listeners of %s (%,d B a version, %.1f versions/s, %s), %d slow, %d reconnecting, %d client process(es) x %d thread(s)%n",
                listeners, chart, documentBytes, versionsPerSecond, gzip ? "gzip" : "identity", slowListeners, reconnectingListeners,
                clientProcesses, clientThreads));
        text.append(String.format("connected in %.1f s; refused %d, dropped %d, failed %d%n", connectSeconds, refused, dropped, failed));
        text.append(String.format("newest version at each listener: %,d deliveries of %d versions, p50 %,d ms, p90 %,d ms, p99 %,d ms, p99.9 %,d ms, "
                        + "max %,d ms; skipped %,d (%,d listeners), never reached %,d; without the newest at the end: %d%n",
                measured.deliveries(), measured.versions(), measured.p50Ms(), measured.p90Ms(), measured.p99Ms(), measured.p999Ms(), measured.maxMs(),
                measured.skipped(), measured.listenersThatSkipped(), measured.neverReached(), measured.withoutNewest()));
        text.append(String.format("first to last listener of the same version: p50 %,d ms, p99 %,d ms, max %,d ms; %,d bytes on the wire per event%n",
                spread.p50Ms(), spread.p99Ms(), spread.maxMs(), measured.wireBytesPerEvent()));
        if (slow.listeners() > 0) {
            text.append(String.format("slow listeners (%,d B/s): %.1f events each, skipped %,d, newest-version p99 %,d ms, max %,d ms; "
                    + "without the newest at the end: %d%n", slowBytesPerSecond, slow.eventsPerListener(), slow.skipped(), slow.p99Ms(), slow.maxMs(),
                    slow.withoutNewest()));
        }
        if (reconnects.count() > 0) {
            text.append(String.format("reconnects with Last-Event-ID: %d, %d resumed at the newest version; first event p50 %,d ms, p99 %,d ms, max %,d ms%n",
                    reconnects.count(), reconnects.resumedAtNewest(), reconnects.firstEventP50Ms(), reconnects.firstEventP99Ms(),
                    reconnects.firstEventMaxMs()));
        }
        if (pollers.requests() > 0) {
            text.append(String.format("pollers: %,d requests, %,d 200, %,d 304, %,d other, %,d failed; p50 %,d ms, p99 %,d ms, max %,d ms%n",
                    pollers.requests(), pollers.ok(), pollers.notModified(), pollers.other(), pollers.failed(), pollers.p50Ms(), pollers.p99Ms(),
                    pollers.maxMs()));
        }
        if (gateway != null) {
            text.append(String.format("gateway: RSS %,d MB before, %,d MB connected (%,d KB per connection), peak %,d MB; CPU %.0f %%%n",
                    gateway.rssBeforeMb(), gateway.rssConnectedMb(), gateway.rssPerConnectionKb(), gateway.rssPeakMb(), gateway.cpuPercent()));
        }
        StringBuilder threads = new StringBuilder();
        for (double busy : client.listenerThreadBusyPercent()) {
            threads.append(threads.isEmpty() ? "" : ", ").append(String.format("%.0f %%", busy));
        }
        text.append(String.format("client: CPU %.0f %%, listener threads busy %s, GC %,d ms in %d s", client.processPercent(), threads,
                client.gcMillis(), measuredSeconds));
        return text.toString();
    }
}
