package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The playlists and their ledger in a real Redis, read through the feed at chosen times. */
class LedPlaylistsIT {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    // 2026-11-05 10:00 in Shanghai
    static final Instant T0 = Instant.parse("2026-11-05T02:00:00Z");
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static RedisLedPlaylists playlists() {
        return new RedisLedPlaylists(redis.access(), new RedisKeys("t" + UUID.randomUUID().toString().substring(0, 8)));
    }

    static LedPlaylists.Showing showing(String item, int version, Instant from, Duration lasts, String... lines) {
        return new LedPlaylists.Showing(item, version, "标题" + item, List.of(List.of(lines)), from, from.plus(lasts));
    }

    static LedFeeds feeds(LedPlaylists p, Instant at, LedScreen... screens) {
        return new LedFeeds(List.of(screens), p, ChannelFixtures.settings("led", "led"), Clock.fixed(at, ZONE));
    }

    static LedScreen hall(String hours) {
        return new LedScreen("hall", "大厅", 16, 2, "GBK", 60, "pull", hours, "", null);
    }

    @Test
    void should_leave_expired_items_out_of_the_feed_and_show_them_expired_in_the_ledger() {
        RedisLedPlaylists p = playlists();
        p.put("hall", showing("1", 1, T0, Duration.ofMinutes(30), "一号通知"));
        p.put("hall", showing("2", 1, T0.plusSeconds(60), Duration.ofHours(2), "二号通知"));

        String at20 = new String(feeds(p, T0.plus(Duration.ofMinutes(20)), hall("08:00-18:00")).feed("hall", null, null).body(), Charset.forName("GBK"));
        assertThat(at20).isEqualTo("一号通知\n\n二号通知\n");
        String at40 = new String(feeds(p, T0.plus(Duration.ofMinutes(40)), hall("08:00-18:00")).feed("hall", null, null).body(), Charset.forName("GBK"));
        assertThat(at40).as("item 1 ran out after 30 minutes").isEqualTo("二号通知\n");

        List<LedPlaylists.LedgerEntry> ledger = p.ledger("hall", T0.minusSeconds(3600), T0.plusSeconds(7200), T0.plus(Duration.ofMinutes(40)));
        assertThat(ledger).extracting(LedPlaylists.LedgerEntry::item).containsExactly("1", "2");
        assertThat(ledger.get(0).ended()).isEqualTo("expired");
        assertThat(ledger.get(0).to()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(ledger.get(1).ended()).isNull();
        assertThat(ledger.get(1).to()).isNull();
        assertThat(ledger.get(1).until()).isEqualTo(T0.plusSeconds(60).plus(Duration.ofHours(2)));

        // a later change sweeps the expired one into the ledger, with the same end
        p.put("hall", showing("3", 1, T0.plus(Duration.ofMinutes(45)), Duration.ofHours(1), "三号"));
        assertThat(p.playlist("hall")).extracting(LedPlaylists.Showing::item).containsExactly("2", "3");
        assertThat(p.ledger("hall", T0, T0.plusSeconds(7200), T0.plus(Duration.ofMinutes(46))).get(0))
                .satisfies(e -> {
                    assertThat(e.item()).isEqualTo("1");
                    assertThat(e.ended()).isEqualTo("expired");
                    assertThat(e.to()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
                });
    }

    @Test
    void should_show_nothing_outside_the_display_hours() {
        RedisLedPlaylists p = playlists();
        p.put("hall", showing("1", 1, T0, Duration.ofHours(24), "通知"));
        // 10:00 local
        assertThat(feeds(p, T0, hall("08:00-18:00")).feed("hall", null, null).body()).isNotEmpty();
        assertThat(feeds(p, T0, hall("11:00-18:00")).feed("hall", null, null).body()).isEmpty();
        assertThat(feeds(p, T0, hall("22:00-11:00")).feed("hall", null, null).body()).as("a window across midnight").isNotEmpty();
        assertThat(feeds(p, T0, hall("18:00-24:00")).feed("hall", null, null).body()).isEmpty();
        assertThat(feeds(p, T0, hall("00:00-24:00")).feed("hall", null, null).body()).isNotEmpty();
        assertThat(feeds(p, T0, hall("11:00-18:00")).feed("hall", null, "json").body())
                .asString().contains("\"items\":[]");
    }

    @Test
    void should_keep_a_resent_version_and_record_a_new_version_as_replacing_the_old() {
        RedisLedPlaylists p = playlists();
        assertThat(p.put("hall", showing("1", 1, T0, Duration.ofHours(1), "第一版"))).isEqualTo(LedPlaylists.Put.ADDED);
        assertThat(p.put("hall", showing("1", 1, T0.plusSeconds(5), Duration.ofHours(1), "第一版"))).isEqualTo(LedPlaylists.Put.KEPT);
        assertThat(p.playlist("hall")).singleElement().satisfies(s -> assertThat(s.from()).as("a resend goes on showing").isEqualTo(T0));
        assertThat(p.put("hall", showing("1", 2, T0.plusSeconds(60), Duration.ofHours(1), "第二版"))).isEqualTo(LedPlaylists.Put.ADDED);
        assertThat(p.put("hall", showing("1", 1, T0.plusSeconds(70), Duration.ofHours(1), "第一版"))).as("a late older version")
                .isEqualTo(LedPlaylists.Put.NEWER);
        assertThat(p.playlist("hall")).singleElement().satisfies(s -> assertThat(s.pages()).containsExactly(List.of("第二版")));
        assertThat(p.remove("hall", "1", T0.plusSeconds(120))).isTrue();
        assertThat(p.remove("hall", "1", T0.plusSeconds(130))).isFalse();
        assertThat(p.playlist("hall")).isEmpty();

        List<LedPlaylists.LedgerEntry> ledger = p.ledger("hall", T0, T0.plusSeconds(3600), T0.plusSeconds(200));
        assertThat(ledger).extracting(LedPlaylists.LedgerEntry::version, LedPlaylists.LedgerEntry::ended)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "replaced"), org.assertj.core.groups.Tuple.tuple(2, "withdrawn"));
        assertThat(ledger.get(0).to()).isEqualTo(T0.plusSeconds(60));
        assertThat(ledger.get(1).from()).isEqualTo(T0.plusSeconds(60));
        assertThat(ledger.get(1).to()).isEqualTo(T0.plusSeconds(120));
        assertThat(p.ledger("hall", T0.plusSeconds(3600), T0.plusSeconds(7200), T0.plusSeconds(200))).as("outside the range").isEmpty();
    }

    @Test
    void should_check_the_token_in_the_feed_and_refuse_unknown_screens_and_formats() {
        RedisLedPlaylists p = playlists();
        LedScreen guarded = new LedScreen("hall", "大厅", 16, 2, "GBK", 60, "pull", "00:00-24:00", "s3cret", null);
        LedFeeds f = feeds(p, T0, guarded);
        assertThatThrownBy(() -> f.feed("hall", null, null)).isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> f.feed("hall", "s3cre", null)).isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(f.feed("hall", "s3cret", null).contentType()).isEqualTo("text/plain; charset=GBK");
        assertThatThrownBy(() -> f.feed("gate", null, null)).isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> f.feed("hall", "s3cret", "xml")).isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(400));
        LedFeeds outbox = new LedFeeds(List.of(guarded), p, ChannelFixtures.settings("led", "outbox"), Clock.fixed(T0, ZONE));
        assertThatThrownBy(() -> outbox.feed("hall", "s3cret", null)).as("no feeds without transport: led")
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void should_not_push_a_late_older_version_over_the_newer_one_on_the_controller() throws Exception {
        RedisLedPlaylists p = playlists();
        try (cn.gongkai.hub.vendor.LedController gate = cn.gongkai.hub.vendor.LedController.start("gate", "GBK", 2)) {
            LedScreen screen = new LedScreen("gate", "南门", 16, 2, "GBK", 60, "push", "00:00-24:00", "",
                    java.util.Map.of("host", "127.0.0.1", "port", Integer.toString(gate.port()), "timeout", "2s"));
            LedPlaylistTransport t = new LedPlaylistTransport(List.of(screen), p,
                    new cn.gongkai.hub.HubConfig("/tmp", "Asia/Shanghai", 100000, 1024, "", 2048));
            cn.gongkai.hub.channel.Delivery d2 = new cn.gongkai.hub.channel.Delivery("d2", "led", "7", 2,
                    new cn.gongkai.hub.channel.Target("gate", "gate", "南门"), 1);
            cn.gongkai.hub.channel.Delivery d1 = new cn.gongkai.hub.channel.Delivery("d1", "led", "7", 1, d2.target(), 3);
            LedEntry v2 = new LedEntry("gate", "7", 2, "第二版", "GBK", List.of(List.of("第二版")), 60);
            LedEntry v1 = new LedEntry("gate", "7", 1, "第一版", "GBK", List.of(List.of("第一版")), 60);
            assertThat(t.send(List.of(new cn.gongkai.hub.channel.Transport.Addressed<>(d2, v2)))).singleElement()
                    .satisfies(o -> assertThat(o.isSent()).isTrue());
            assertThat(t.send(List.of(new cn.gongkai.hub.channel.Transport.Addressed<>(d1, v1)))).singleElement()
                    .satisfies(o -> assertThat(o.receipt().reference()).startsWith("newer version showing"));
            assertThat(gate.frames()).hasSize(1);
            assertThat(gate.showing().get("7")).containsExactly(List.of("第二版"));
            assertThat(p.playlist("gate")).singleElement().satisfies(s -> assertThat(s.version()).isEqualTo(2));
            t.close();
        }
    }
}
