package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a screen reads at {@code GET /led/<id>/feed}, and its ledger.
 *
 * <p>The feed is the screen's playlist now, oldest item first, without the items that ran out ({@code display-minutes})
 * and empty outside the screen's {@code hours}. As text, in the screen's encoding: each page's lines, each ended by
 * {@code \n}, pages separated by one empty line (a laid-out line is never empty). As JSON (UTF-8):
 * {@code {screen, encoding, charsPerLine, lines, items: [{item, version, title, from, until, pages: [[line, …], …]}]}}.
 * The ETag is a digest of the bytes served, so a screen polling with {@code If-None-Match} gets 304 until the playlist
 * or the hours change what it shows.
 *
 * <p>Served only with {@code transport: led}; a screen with a {@code feed-token} needs {@code ?token=} (compared in
 * constant time).
 */
@Singleton
public class LedFeeds {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The bytes of a feed and how to serve them. */
    public record Feed(byte[] body, String contentType, String etag) {
    }

    private final Map<String, LedScreen> screens;
    private final LedPlaylists playlists;
    private final ChannelSettings settings;
    private final Clock clock;

    @Inject
    public LedFeeds(List<LedScreen> screens, LedPlaylists playlists, @Named(LedChannel.NAME) ChannelSettings settings, HubConfig hub) {
        this(screens, playlists, settings, Clock.system(hub.zoneId()));
    }

    /** @param clock the time feeds and ledgers are read at, in the hub's zone (display hours are local times) */
    LedFeeds(List<LedScreen> screens, LedPlaylists playlists, ChannelSettings settings, Clock clock) {
        this.screens = screens.stream().collect(Collectors.toUnmodifiableMap(LedScreen::id, Function.identity()));
        this.playlists = playlists;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param format {@code text} (or null) or {@code json}
     * @throws HubException 404 for an unknown screen or without {@code transport: led}; 403 for a missing or wrong
     *                      token; 400 for another format
     */
    public Feed feed(String screenId, String token, String format) {
        LedScreen screen = screen(screenId);
        if (!settings.transport().contains(LedPlaylistTransport.NAME)) {
            throw HubException.notFound("LED feed: the hub serves feeds only with transport: led in led.yml");
        }
        String expected = screen.feedToken() == null ? "" : screen.feedToken().strip();
        if (!expected.isEmpty() && (token == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8)))) {
            throw HubException.forbidden("the feed of screen " + screenId + " needs its token (?token=)");
        }
        boolean json = "json".equals(format);
        if (format != null && !json && !"text".equals(format)) {
            throw HubException.invalid("format", "must be text or json");
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<LedPlaylists.Showing> shown = new ArrayList<>();
        if (screen.displayHours().contains(now.toLocalTime())) {
            for (LedPlaylists.Showing s : playlists.playlist(screen.id())) {
                if (s.shownAt(now.toInstant())) {
                    shown.add(s);
                }
            }
        }
        byte[] body = json ? json(screen, shown) : text(shown).getBytes(screen.charset());
        String type = json ? "application/json" : "text/plain; charset=" + screen.encoding();
        return new Feed(body, type, etag(type, body));
    }

    /** The screen's ledger over {@code [from, to]}; 404 for an unknown screen. */
    public List<LedPlaylists.LedgerEntry> ledger(String screenId, Instant from, Instant to) {
        return playlists.ledger(screen(screenId).id(), from, to, clock.instant());
    }

    private LedScreen screen(String id) {
        LedScreen s = screens.get(id);
        if (s == null) {
            throw HubException.notFound("LED screen " + id);
        }
        return s;
    }

    static String text(List<LedPlaylists.Showing> shown) {
        List<String> pages = new ArrayList<>();
        for (LedPlaylists.Showing s : shown) {
            for (List<String> page : s.pages()) {
                StringBuilder sb = new StringBuilder();
                page.forEach(line -> sb.append(line).append('\n'));
                pages.add(sb.toString());
            }
        }
        return String.join("\n", pages);
    }

    private static byte[] json(LedScreen screen, List<LedPlaylists.Showing> shown) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("screen", screen.id());
        out.put("encoding", screen.encoding());
        out.put("charsPerLine", screen.charsPerLine());
        out.put("lines", screen.lines());
        List<Map<String, Object>> items = new ArrayList<>();
        for (LedPlaylists.Showing s : shown) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("item", s.item());
            i.put("version", s.version());
            i.put("title", s.title());
            i.put("from", s.from().toString());
            i.put("until", s.until().toString());
            i.put("pages", s.pages());
            items.add(i);
        }
        out.put("items", items);
        try {
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String etag(String type, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(type.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            return "\"" + HexFormat.of().formatHex(d.digest(body), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
