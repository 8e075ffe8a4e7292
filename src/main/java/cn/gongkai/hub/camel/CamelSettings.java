package cn.gongkai.hub.camel;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/** @param routesDir HUB_ROUTES_DIR: the folder of {@code *.camel.yaml} route files */
@ConfigurationProperties("hub.camel")
public record CamelSettings(@NotBlank String routesDir) {
}
