package cn.gongkai.hub.web;

import cn.gongkai.hub.camel.CamelRuntime;
import cn.gongkai.hub.redis.RedisHealth;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: UP when Redis answers PING and Camel and all its routes are started; 503 otherwise. */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
class HealthController {
    private final RedisHealth redis;
    private final CamelRuntime camel;

    HealthController(RedisHealth redis, CamelRuntime camel) {
        this.redis = redis;
        this.camel = camel;
    }

    @Get
    HttpResponse<Map<String, Object>> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        String redisStatus = redis.status();
        String camelStatus = camel.status();
        boolean up = "UP".equals(redisStatus) && "Started".equals(camelStatus);
        body.put("status", up ? "UP" : "DOWN");
        body.put("redis", Map.of("status", redisStatus, "embedded", redis.embedded(), "cluster", redis.cluster()));
        body.put("camel", Map.of("status", "Started".equals(camelStatus) ? "UP" : "DOWN: " + camelStatus, "routes", camel.routeCount()));
        return HttpResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
