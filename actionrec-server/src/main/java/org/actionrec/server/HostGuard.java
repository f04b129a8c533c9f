package org.actionrec.server;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Host and Origin checks that keep web pages from driving the service: a page on another site reaches a
 * service on loopback only by naming its own host in {@code Host} (DNS rebinding) or by posting from its own
 * origin. Requests must name the address the service is bound to (for a loopback bind also localhost,
 * 127.0.0.1 or [::1]; for a wildcard bind any address of this machine) or an allowed host; requests that change
 * something (POST, PUT, PATCH, DELETE) with an {@code Origin} must come from the service's own origin or an
 * allowed one. Clients that send no Origin (curl, programs) are not browsers and pass.
 */
final class HostGuard {
    private final Set<String> hosts = new HashSet<>();
    private final Set<String> origins = new HashSet<>();

    HostGuard(String bindHost, List<String> allowedHosts, List<String> allowedOrigins) {
        String bind = bare(bindHost);
        hosts.add(bind);
        try {
            InetAddress a = InetAddress.getByName(bind);
            if (a.isLoopbackAddress() || a.isAnyLocalAddress()) hosts.addAll(List.of("localhost", "127.0.0.1", "::1"));
            if (a.isAnyLocalAddress()) {
                for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress i : Collections.list(n.getInetAddresses())) {
                        hosts.add(bare(i.getHostAddress().replaceAll("%.*", "")));
                    }
                }
                hosts.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
            }
        } catch (UnknownHostException | SocketException e) {
            // a name that does not resolve here: only itself and the allowed hosts are answered
        }
        allowedHosts.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT).trim()));
        allowedOrigins.forEach(o -> origins.add(o.toLowerCase(Locale.ROOT).replaceAll("/+$", "")));
    }

    /** @throws ApiException 403 for a foreign Host, or a foreign Origin on a request that changes something */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || host.isBlank()) throw forbidden("a request must name the service in its Host header");
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (!hosts.contains(h) && !hosts.contains(bare(withoutPort(h)))) {
            throw forbidden("this service does not answer for host '" + RequestParameters.clip(host) + "' (its "
                    + "operator can allow it with --allowed-host)");
        }
        String method = ctx.method().name();
        String origin = ctx.header("Origin");
        if (origin != null && List.of("POST", "PUT", "PATCH", "DELETE").contains(method)) {
            String o = origin.trim().toLowerCase(Locale.ROOT);
            boolean same = o.equals("http://" + h) || o.equals("https://" + h);
            if (!same && !origins.contains(o)) {
                throw forbidden("requests from pages of '" + RequestParameters.clip(origin) + "' are not allowed (its "
                        + "operator can allow an origin with --allowed-origin)");
            }
        }
    }

    private static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message);
    }

    /** host:port, [v6]:port or [v6] without the port. */
    private static String withoutPort(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end > 0 ? hostHeader.substring(0, end + 1) : hostHeader;
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon > 0 && hostHeader.indexOf(':') == colon ? hostHeader.substring(0, colon) : hostHeader;
    }

    /** An address without IPv6 brackets, lower case. */
    private static String bare(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
