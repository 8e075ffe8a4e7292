package cn.gongkai.hub.web;

import cn.gongkai.hub.camel.CamelRuntime;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import jakarta.inject.Named;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: UP when Redis answers PING and Camel and all its routes are started; 503 otherwise. */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
class HealthController {
    private final StatefulRedisConnection<String, String> redis;
    private final CamelRuntime camel;

    HealthController(@Named("hub") StatefulRedisConnection<String, String> redis, CamelRuntime camel) {
        this.redis = redis;
        this.camel = camel;
    }

    @Get
    HttpResponse<Map<String, Object>> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        String redisStatus;
        try {
            redisStatus = "PONG".equals(redis.sync().ping()) ? "UP" : "DOWN";
        } catch (RuntimeException e) {
            redisStatus = "DOWN: " + e.getMessage();
        }
        String camelStatus = camel.status();
        boolean up = "UP".equals(redisStatus) && "Started".equals(camelStatus);
        body.put("status", up ? "UP" : "DOWN");
        body.put("redis", Map.of("status", redisStatus));
        body.put("camel", Map.of("status", "Started".equals(camelStatus) ? "UP" : "DOWN: " + camelStatus, "routes", camel.routeCount()));
        return HttpResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
