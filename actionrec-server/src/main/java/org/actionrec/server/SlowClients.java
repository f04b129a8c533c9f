package org.actionrec.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request line and headers do not all arrive within a time limit of their first byte.
 * Jetty's idle timeout closes a connection that sends nothing, and its minimum data rate one whose body
 * trickles; a client that sends a header byte every few seconds passes both, and would hold a connection
 * for ever (slowloris).
 */
final class SlowClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlowClients.class);
    private final long limitNanos;
    private final List<ServerConnector> connectors = new CopyOnWriteArrayList<>();
    /** When each connection was first seen part-way through a request's headers. */
    private final Map<EndPoint, Long> inHeaders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "actionrec-slow-clients");
        t.setDaemon(true);
        return t;
    });

    SlowClients(Duration headerLimit) {
        this.limitNanos = headerLimit.toNanos();
        long period = Math.max(50, Math.min(1000, headerLimit.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    void watch(ServerConnector connector) {
        connectors.add(connector);
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            java.util.Set<EndPoint> seen = new java.util.HashSet<>();
            for (ServerConnector c : connectors) {
                for (EndPoint e : c.getConnectedEndPoints()) {
                    if (!(e.getConnection() instanceof HttpConnection h)) continue;
                    var parser = h.getParser();
                    if (!parser.inHeaderState() || parser.isStart()) continue; // idle, or its headers are in
                    seen.add(e);
                    long since = inHeaders.computeIfAbsent(e, x -> now);
                    if (now - since > limitNanos) {
                        LOG.info("closing the connection from {}: its request's headers took longer than {} ms",
                                e.getRemoteSocketAddress(), limitNanos / 1_000_000);
                        e.close();
                    }
                }
            }
            inHeaders.keySet().retainAll(seen);
        } catch (RuntimeException e) {
            LOG.debug("slow-client check failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
