package cn.gongkai.hub.web.console;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.Writable;
import io.micronaut.core.io.scan.ClassPathResourceLoader;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.micronaut.views.exceptions.ViewRenderingException;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import jakarta.inject.Singleton;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;

import java.io.IOException;
import java.io.StringWriter;

/**
 * Micronaut's Thymeleaf renderer, drawing the whole page before the response starts. The stock renderer writes while
 * the response streams, so an error in a template left the browser waiting on a half-sent page; drawn first, the
 * error becomes a {@link ViewRenderingException}, which the hub answers with an error page and a log line.
 */
@Singleton
@Replaces(ThymeleafViewsRenderer.class)
class ConsoleViewsRenderer<T> extends ThymeleafViewsRenderer<T> {

    ConsoleViewsRenderer(AbstractConfigurableTemplateResolver templateResolver, TemplateEngine templateEngine,
                         ClassPathResourceLoader resourceLoader, HttpLocaleResolver locales) {
        super(templateResolver, templateEngine, resourceLoader, locales);
    }

    @Override
    @NonNull
    public Writable render(@NonNull String viewName, @Nullable T data, @Nullable HttpRequest<?> request) {
        StringWriter page = new StringWriter();
        try {
            super.render(viewName, data, request).writeTo(page);
        } catch (IOException | RuntimeException e) {
            throw new ViewRenderingException("page " + viewName + " could not be drawn: " + e.getMessage(), e);
        }
        String html = page.toString();
        return out -> out.write(html);
    }
}
