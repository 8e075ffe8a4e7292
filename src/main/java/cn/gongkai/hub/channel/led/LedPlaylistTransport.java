package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Receipt;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code transport: led}: keeps each screen's playlist ({@link LedPlaylists}) and, for {@code push} screens, sends
 * the pages to the screen's controller in {@link LedFrames}. Pull screens read their playlist at
 * {@code GET /led/<id>/feed} ({@link LedFeeds}).
 *
 * <p>A publication goes on the playlist of its target screen: a pull screen's delivery is SENT once the playlist holds
 * it; a push screen's once the controller acked every page (the playlist then takes it, for the ledger and for later
 * withdrawals). A withdrawal takes the item off the playlist; a push screen then gets the clear frame and every page
 * still showing.
 *
 * <p>Outcomes: a refused connection, no ACK within {@code push.timeout}, a broken connection or an answer other than
 * ACK → UNAVAILABLE, retried with backoff on a new connection. Never IN_DOUBT: a page shown twice replaces itself on
 * the screen (same item, same page number), and a repeated page on a hall's screen misleads nobody, so resending is
 * safe ({@link #resendSafe()}).
 */
@Singleton
@Named(LedPlaylistTransport.NAME)
@Requires(property = "hub.channels.led.selected.led", value = "true")
public class LedPlaylistTransport implements LedTransport {
    public static final String NAME = "led";
    private static final Logger LOG = LoggerFactory.getLogger(LedPlaylistTransport.class);

    private final Map<String, LedScreen> screens;
    private final LedPlaylists playlists;
    private final Clock clock;
    private final LedPusher pusher = new LedPusher();
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    public LedPlaylistTransport(List<LedScreen> screens, LedPlaylists playlists, cn.gongkai.hub.HubConfig hub) {
        this.screens = screens.stream().collect(Collectors.toUnmodifiableMap(LedScreen::id, Function.identity()));
        this.playlists = playlists;
        this.clock = Clock.system(hub.zoneId());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean resendSafe() {
        return true;
    }

    @Override
    public List<DeliveryOutcome> send(List<Addressed<LedEntry>> batch) {
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        int sent = 0;
        int retry = 0;
        for (Addressed<LedEntry> a : batch) {
            DeliveryOutcome o = sendOne(a.delivery().id(), a.message());
            out.add(o);
            if (o.isSent()) {
                sent++;
            } else {
                retry++;
            }
        }
        LOG.info("led via led: {} of {} screen updates done, {} to retry", sent, batch.size(), retry);
        return out;
    }

    private DeliveryOutcome sendOne(String deliveryId, LedEntry e) {
        LedScreen screen = screens.get(e.screen());
        if (screen == null) {
            return DeliveryOutcome.rejected(deliveryId, "no screen '" + e.screen() + "' in led.yml");
        }
        Instant now = clock.instant();
        if (e.withdrawal()) {
            playlists.remove(screen.id(), e.item(), now);
            if (screen.pushed()) {
                List<byte[]> frames = new ArrayList<>();
                frames.add(LedFrames.clear(screen.id(), screen.encoding()));
                for (LedPlaylists.Showing s : playlists.playlist(screen.id())) {
                    if (s.shownAt(now)) {
                        frames.addAll(pages(screen, s.item(), s.pages()));
                    }
                }
                DeliveryOutcome failed = push(deliveryId, screen, frames);
                if (failed != null) {
                    return failed;
                }
            }
            return DeliveryOutcome.sent(new Receipt(deliveryId, 1, 1, "playlist " + screen.id()));
        }
        if (screen.pushed()) {
            // a late retry of an older version must not overwrite the newer pages on the controller
            boolean newer = playlists.playlist(screen.id()).stream().anyMatch(s -> s.item().equals(e.item()) && s.version() > e.version());
            if (newer) {
                return DeliveryOutcome.sent(new Receipt(deliveryId, 1, 0, "newer version showing on playlist " + screen.id()));
            }
            DeliveryOutcome failed = push(deliveryId, screen, pages(screen, e.item(), e.pages()));
            if (failed != null) {
                return failed;
            }
        }
        LedPlaylists.Put put = playlists.put(screen.id(), new LedPlaylists.Showing(e.item(), e.version(), e.title(), e.pages(), now,
                now.plus(Duration.ofMinutes(e.displayMinutes()))));
        String ref = (put == LedPlaylists.Put.NEWER ? "newer version showing on playlist " : "playlist ") + screen.id();
        return DeliveryOutcome.sent(new Receipt(deliveryId, 1, e.pages().size(), ref));
    }

    private static List<byte[]> pages(LedScreen screen, String item, List<List<String>> pages) {
        List<byte[]> frames = new ArrayList<>(pages.size());
        for (int i = 0; i < pages.size(); i++) {
            frames.add(LedFrames.page(screen.id(), item, i + 1, pages.size(), screen.encoding(), pages.get(i)));
        }
        return frames;
    }

    /** Null when every frame was acked, else the outcome to record. */
    private DeliveryOutcome push(String deliveryId, LedScreen screen, List<byte[]> frames) {
        LedPush to = screen.controller().orElse(null);
        if (to == null) {
            return DeliveryOutcome.rejected(deliveryId, "screen " + screen.id() + " is a push screen without push: {host, port} in led.yml");
        }
        try {
            pusher.push(screen.id(), to, frames);
        } catch (LedPusher.PushFailed f) {
            if (down.add(screen.id())) {
                LOG.warn("LED screen {} waits: {}", screen.id(), f.getMessage());
            }
            return DeliveryOutcome.unavailable(deliveryId, f.getMessage() + (f.connected
                    ? "; the pages go again (a repeated page is harmless on an LED screen)" : ""));
        }
        if (down.remove(screen.id())) {
            LOG.info("LED screen {}'s controller acks again", screen.id());
        }
        return null;
    }

    @PreDestroy
    void close() {
        pusher.close();
    }
}
