package cn.gongkai.hub.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yml}, for anyone: the API's OpenAPI description as micronaut-openapi wrote it at compile time
 * ({@code META-INF/swagger/openapi.yml}, named by {@code -Amicronaut.openapi.filename} in pom.xml).
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class OpenApiController {
    static final String RESOURCE = "META-INF/swagger/openapi.yml";
    private final byte[] yaml;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: the build's micronaut-openapi processor did not run");
            }
            yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }

    @Get(value = "/openapi.yml", produces = "application/yaml")
    HttpResponse<byte[]> openapi() {
        return HttpResponse.ok(yaml).contentType(new MediaType("application/yaml;charset=UTF-8"));
    }
}
