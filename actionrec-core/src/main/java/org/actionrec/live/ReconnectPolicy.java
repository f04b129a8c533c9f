package org.actionrec.live;

import java.time.Duration;

/**
 * What to do when a stream or device is lost: try again after {@code initialDelay}, doubling up to
 * {@code maxDelay}, at most {@code attempts} times in a row, then give up and end with what was recognised.
 *
 * @param readTimeout how long a stream may stay silent before it counts as lost
 */
public record ReconnectPolicy(int attempts, Duration initialDelay, Duration maxDelay, Duration readTimeout) {
    public static final ReconnectPolicy DEFAULTS = new ReconnectPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(5));

    public ReconnectPolicy {
        if (attempts < 0) throw new IllegalArgumentException("attempts must be ≥ 0");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 ≤ initial ≤ max");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) throw new IllegalArgumentException("timeout must be > 0");
    }

    /** The wait before attempt {@code n} (1-based). */
    public Duration delay(int n) {
        long ms = initialDelay.toMillis() << Math.min(20, n - 1);
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }
}
