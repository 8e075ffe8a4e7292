package cn.gongkai.hub.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Prometheus text ({@code text/plain; version=0.0.4}) of every meter, and who may read it: anyone, or, with
 * {@code hub.metrics.token} set, whoever sends {@code Authorization: Bearer <token>}.
 */
@Singleton
public class MetricsExport {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry prometheus;
    private final byte[] tokenDigest;

    MetricsExport(PrometheusMeterRegistry prometheus, MetricsSettings settings) {
        this.prometheus = prometheus;
        this.tokenDigest = settings.token() == null || settings.token().isEmpty() ? null : sha256(settings.token());
    }

    /** Whether a request with this Authorization header (null when absent) may read the metrics. */
    public boolean allows(String authorization) {
        if (tokenDigest == null) {
            return true;
        }
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // digests of equal length, compared in constant time: neither the token nor its length leaks through timing
        return MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(7).strip()));
    }

    public String scrape() {
        return prometheus.scrape();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
