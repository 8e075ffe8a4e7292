package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.channel.render.MarkdownHtml;
import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.Catalogue;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.ItemContent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code transport: cms}: the item as JSON to an external CMS, {@code POST <cms.url>} with
 * {@code Authorization: Bearer <CMS_TOKEN>} and {@code Idempotency-Key: <delivery id>}; a withdrawal is
 * {@code DELETE <cms.url>/<item id>}. The JSON: {@code itemId, version, indexNumber, title, summary, issuer,
 * docNumber, column, columnName, disclosure, url, bodyHtml} (sanitised), {@code attachments [{name, contentType,
 * size, sha256}]}.
 *
 * <p>Answers: 2xx → SENT (the reference: the answer's {@code id}, else its {@code Location}, else the item id); 404 or
 * 410 to a DELETE → SENT (nothing left to remove); 408 and 429 → retried; any other 4xx → FAILED with the CMS's
 * text; 5xx, no connection, no answer in time → retried. Resend-safe: the CMS keys the item by its id, so a second
 * POST replaces the first.
 */
@Singleton
@Named("cms")
@Requires(property = "hub.channels.website.selected.cms", value = "true")
class CmsTransport implements WebsiteTransport {
    private static final Logger LOG = LoggerFactory.getLogger(CmsTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CmsConfig config;
    private final Catalogue catalogue;
    private final MarkdownHtml markdown;
    private final String base;
    private final HttpClient http;
    private final AtomicBoolean down = new AtomicBoolean();

    CmsTransport(CmsConfig config, WebsiteConfig website, Catalogue catalogue) {
        this.config = config;
        this.catalogue = catalogue;
        this.markdown = MarkdownHtml.allowingImagesFrom(List.of(website.baseUrl()));
        this.base = config.url().strip().replaceAll("/+$", "");
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "cms";
    }

    @Override
    public boolean resendSafe() {
        return true;
    }

    @Override
    public List<DeliveryOutcome> send(List<Addressed<WebPage>> batch) throws ChannelUnavailableException {
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        int sent = 0;
        int failed = 0;
        int retry = 0;
        for (Addressed<WebPage> a : batch) {
            DeliveryOutcome o = sendOne(a.delivery().id(), a.message().source());
            out.add(o);
            switch (o.kind()) {
                case SENT -> sent++;
                case REJECTED -> failed++;
                default -> retry++;
            }
        }
        if (sent > 0 && down.compareAndSet(true, false)) {
            LOG.info("CMS at {} answers again", config.url());
        }
        LOG.info("website via cms: {} sent, {} failed, {} to retry", sent, failed, retry);
        if (sent == 0 && failed == 0 && retry > 0) {
            throw new ChannelUnavailableException(out.get(0).reason());
        }
        return out;
    }

    private DeliveryOutcome sendOne(String deliveryId, Publication p) {
        boolean withdraw = p.action() == Action.WITHDRAW;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(withdraw ? base + "/" + Texts.pathSegment(p.itemId()) : base))
                .timeout(config.timeout()).header("Idempotency-Key", deliveryId).header("Accept", "application/json");
        if (!Texts.isBlank(config.token())) {
            req.header("Authorization", "Bearer " + config.token().strip());
        }
        try {
            if (withdraw) {
                req.DELETE();
            } else {
                req.header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(p))));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return unavailable(deliveryId, "CMS at " + config.url() + " did not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.unavailable(deliveryId, "interrupted while calling the CMS");
        }
        int status = res.statusCode();
        if (status >= 200 && status < 300) {
            return DeliveryOutcome.sent(new Receipt(deliveryId, 1, 1, reference(res, p.itemId())));
        }
        if (withdraw && (status == 404 || status == 410)) {
            return DeliveryOutcome.sent(new Receipt(deliveryId, 1, 1, "absent " + p.itemId()));
        }
        String why = "CMS answered HTTP " + status + abbreviate(res.body());
        if (status == 408 || status == 429 || status >= 500) {
            return unavailable(deliveryId, why);
        }
        return DeliveryOutcome.rejected(deliveryId, why);
    }

    private Map<String, Object> body(Publication p) {
        ItemContent c = p.content();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("itemId", p.itemId());
        m.put("version", p.version());
        m.put("indexNumber", p.indexNumber());
        m.put("title", c.title());
        m.put("summary", c.summary());
        m.put("issuer", c.issuer());
        m.put("docNumber", c.docNumber());
        m.put("column", c.category());
        m.put("columnName", c.category() == null ? null : catalogue.nameOf(c.category()));
        m.put("disclosure", (c.disclosure() == null ? Disclosure.ACTIVE : c.disclosure()).label());
        m.put("url", p.webUrl());
        m.put("bodyHtml", markdown.toHtml(c.body()));
        List<Map<String, Object>> files = new ArrayList<>();
        for (Attachment a : c.attachments()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", a.name());
            f.put("contentType", a.contentType());
            f.put("size", a.size());
            f.put("sha256", a.sha256());
            files.add(f);
        }
        m.put("attachments", files);
        return m;
    }

    private static String reference(HttpResponse<String> res, String itemId) {
        try {
            JsonNode id = JSON.readTree(res.body()).path("id");
            if (id.isValueNode() && !id.asText().isBlank()) {
                return id.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the Location or the item id will do
        }
        return res.headers().firstValue("Location").orElse(itemId);
    }

    private DeliveryOutcome unavailable(String deliveryId, String why) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("website pages for the CMS wait: {}", why);
        }
        return DeliveryOutcome.unavailable(deliveryId, why);
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty()) {
            return "";
        }
        return ": " + (t.length() > 200 ? t.substring(0, 200) + "…" : t);
    }
}
