package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.ops.MetricsExport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code GET /metrics}: the Prometheus text format, for Prometheus to scrape without signing in, or with
 * {@code Authorization: Bearer <hub.metrics.token>} when a token is set.
 *
 * <p>Served here rather than by Micronaut's management endpoints: there, {@code /metrics} is a JSON list of meter
 * names and the Prometheus text is {@code /prometheus}, and the management module would also open {@code /beans},
 * {@code /loggers}, {@code /routes} and others. The hub leaves micronaut-management out, so none of them exists.
 */
@Controller("/metrics")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
class MetricsController {
    private final MetricsExport metrics;

    MetricsController(MetricsExport metrics) {
        this.metrics = metrics;
    }

    @Get(produces = MetricsExport.CONTENT_TYPE)
    HttpResponse<?> scrape(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!metrics.allows(authorization)) {
            return ApiErrors.response(new HubException(401, "the metrics need Authorization: Bearer <HUB_METRICS_TOKEN>", null, null))
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"");
        }
        return HttpResponse.ok(metrics.scrape()).contentType(MetricsExport.CONTENT_TYPE);
    }
}
