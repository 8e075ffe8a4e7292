package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.channel.website.SiteRebuilds;
import cn.gongkai.hub.channel.website.StaticSite;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The static disclosure site ({@code transport: site} in website.yml): its folder at {@code /site/} without sign-in,
 * as a web server would serve it, and {@code POST /api/site/rebuild} (ADMIN) to write it again from the records.
 * Only regular files inside the folder are served: no dot files, nothing that climbs out. Pages and attachments come
 * with a policy that runs no script; attachments are served as downloads, so an uploaded HTML file never runs at the
 * hub's origin.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class SiteController {
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' https: data:;"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private final BeanProvider<StaticSite> site;
    private final BeanProvider<SiteRebuilds> rebuilds;

    SiteController(BeanProvider<StaticSite> site, BeanProvider<SiteRebuilds> rebuilds) {
        this.site = site;
        this.rebuilds = rebuilds;
    }

    @Get("/site")
    @Secured(SecurityRule.IS_ANONYMOUS)
    MutableHttpResponse<?> home(HttpRequest<?> request) {
        if (!request.getPath().endsWith("/")) {
            // the site's links are relative: /site must become /site/ for index.html's links to resolve
            return HttpResponse.permanentRedirect(URI.create("/site/"));
        }
        return file("");
    }

    @Get("/site/{+path}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    MutableHttpResponse<?> page(@PathVariable String path) {
        return file(path);
    }

    @Post("/api/site/rebuild")
    @Secured("ADMIN")
    HttpResponse<SiteRebuilds.Job> rebuild(Authentication auth) {
        SiteRebuilds.Job job = rebuilds().start(auth.getName());
        return HttpResponse.accepted(URI.create("/api/site/rebuild/" + job.id())).body(job);
    }

    @Get("/api/site/rebuild/{id}")
    @Secured("ADMIN")
    SiteRebuilds.Job rebuildJob(String id) {
        return rebuilds().find(id).orElseThrow(() -> HubException.notFound("site rebuild " + id));
    }

    private SiteRebuilds rebuilds() {
        if (!rebuilds.isPresent()) {
            throw HubException.conflict("the website channel does not write the static site: set transport: site in"
                    + " channel-config/website.yml");
        }
        return rebuilds.get();
    }

    private MutableHttpResponse<?> file(String path) {
        if (!site.isPresent()) {
            throw HubException.notFound("/site/ (the website channel's transport is not site)");
        }
        String rel = path == null ? "" : path;
        if (rel.indexOf('%') >= 0) {
            try {
                rel = URLDecoder.decode(rel.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HubException.notFound("/site/" + path);
            }
        }
        Optional<Path> found = site.get().find(rel);
        if (found.isEmpty()) {
            throw HubException.notFound("/site/" + path);
        }
        Path p = found.get();
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean attachment = rel.matches("items/[^/]+/attachments/.+");
        MediaType type = attachment ? MediaType.forFilename(name) : pageType(name);
        MutableHttpResponse<SystemFile> res = HttpResponse.ok(new SystemFile(p.toFile(), type));
        res.header("X-Content-Type-Options", "nosniff");
        if (attachment) {
            res.header("Content-Security-Policy", "sandbox; default-src 'none'");
            res.header("Content-Disposition", "attachment; filename*=UTF-8''" + Texts.pathSegment(p.getFileName().toString()));
        } else {
            res.header("Content-Security-Policy", PAGE_POLICY);
        }
        return res;
    }

    private static MediaType pageType(String name) {
        if (name.endsWith(".html")) {
            return MediaType.of("text/html;charset=utf-8");
        }
        if (name.endsWith(".css")) {
            return MediaType.of("text/css;charset=utf-8");
        }
        if (name.equals("feed.xml")) {
            return MediaType.of("application/atom+xml;charset=utf-8");
        }
        if (name.endsWith(".xml")) {
            return MediaType.of("application/xml;charset=utf-8");
        }
        return MediaType.forFilename(name);
    }
}
