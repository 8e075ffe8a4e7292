package cn.gongkai.hub.web;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.led.LedFeeds;
import cn.gongkai.hub.channel.led.LedPlaylists;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /led/{screenId}/feed}: the playlist an LED screen polls (no sign-in; {@code ?token=} when the screen has a
 * {@code feed-token}), plain text in the screen's encoding or {@code ?format=json}, with an ETag ({@code If-None-Match}
 * → 304). {@code GET /api/led/{screenId}/ledger?from=&to=}: what the screen showed, from when to when (staff).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class LedFeedController {
    private final LedFeeds feeds;
    private final HubConfig hub;

    LedFeedController(LedFeeds feeds, HubConfig hub) {
        this.feeds = feeds;
        this.hub = hub;
    }

    @Get(uri = "/led/{screenId}/feed", produces = MediaType.ALL)
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<byte[]> feed(String screenId, @Nullable @QueryValue String token, @Nullable @QueryValue String format,
                              @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        LedFeeds.Feed f = feeds.feed(screenId, token, format);
        if (matches(ifNoneMatch, f.etag())) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, f.etag());
        }
        return HttpResponse.ok(f.body()).contentType(MediaType.of(f.contentType())).header(HttpHeaders.ETAG, f.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    @Get("/api/led/{screenId}/ledger")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    Map<String, Object> ledger(String screenId, @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        Instant start = Dates.parse(from, "from", false, hub.zoneId());
        Instant end = Dates.parse(to, "to", true, hub.zoneId());
        if (start == null) {
            start = Instant.EPOCH;
        }
        if (end == null) {
            end = Instant.now();
        }
        if (end.isBefore(start)) {
            throw HubException.invalid("to", "must not be before from");
        }
        List<LedPlaylists.LedgerEntry> entries = feeds.ledger(screenId, start, end);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("screen", screenId);
        out.put("from", start.toString());
        out.put("to", end.toString());
        out.put("entries", entries);
        return out;
    }

    /** RFC 9110 §13.1.2: {@code *} or any listed tag, weak or strong, matches. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
