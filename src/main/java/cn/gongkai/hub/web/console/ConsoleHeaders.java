package cn.gongkai.hub.web.console;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Console pages are never cached, never framed (but a preview document inside a console page), and run only the hub's own scripts and styles (no inline script:
 * the pages' behaviour is in {@code console.js} and htmx).
 */
@ServerFilter("/console/**")
class ConsoleHeaders {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @ResponseFilter
    void headers(MutableHttpResponse<?> response) {
        var h = response.getHeaders();
        if (!h.contains("Content-Security-Policy")) {
            h.add("Content-Security-Policy", POLICY);
        }
        h.set("X-Content-Type-Options", "nosniff");
        if (!h.contains("X-Frame-Options")) {
            // a preview document sets SAMEORIGIN (and its own frame-ancestors), to be shown in a console page's frame
            h.add("X-Frame-Options", "DENY");
        }
        h.set("Referrer-Policy", "same-origin");
        if (!h.contains("Cache-Control")) {
            h.add("Cache-Control", "no-store");
        }
    }
}
