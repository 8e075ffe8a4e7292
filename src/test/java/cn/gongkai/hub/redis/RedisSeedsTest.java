package cn.gongkai.hub.redis;

import cn.gongkai.hub.StartupException;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSeedsTest {

    @Test
    void should_read_one_uri_as_one_server_with_the_hubs_timeout() {
        RedisSeeds s = RedisSeeds.parse("redis://:secret@127.0.0.1:6390/0");
        assertThat(s.several()).isFalse();
        assertThat(s.uris().get(0).getPort()).isEqualTo(6390);
        assertThat(s.uris().get(0).getTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.names()).isEqualTo("127.0.0.1:6390");
    }

    @Test
    void should_give_every_seed_the_password_and_tls_of_the_first() {
        RedisSeeds s = RedisSeeds.parse(" rediss://hub:secret@redis-a.example:7000, redis-b.example:7001 ,redis-c.example,[::1]:7003 ");
        assertThat(s.uris()).hasSize(4);
        for (RedisURI u : s.uris()) {
            assertThat(u.isSsl()).isTrue();
            assertThat(u.getUsername()).isEqualTo("hub");
            assertThat(new String(u.getPassword())).isEqualTo("secret");
            assertThat(u.getTimeout()).isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(s.uris()).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7000, 7003);
        assertThat(s.names()).isEqualTo("redis-a.example:7000, redis-b.example:7001, redis-c.example:7000, [::1]:7003");
    }

    @Test
    void should_accept_the_scheme_repeated_on_a_later_seed() {
        RedisSeeds s = RedisSeeds.parse("redis://:secret@127.0.0.1:7000,redis://127.0.0.1:7001");
        assertThat(s.uris()).extracting(RedisURI::getPort).containsExactly(7000, 7001);
        assertThat(new String(s.uris().get(1).getPassword())).isEqualTo("secret");
    }

    @Test
    void should_leave_the_commas_of_a_sentinel_uri_to_lettuce() {
        RedisSeeds s = RedisSeeds.parse("redis-sentinel://:secret@127.0.0.1:26379,127.0.0.1:26380/0#mymaster");
        assertThat(s.several()).isFalse();
        assertThat(s.uris().get(0).getSentinels()).hasSize(2);
        assertThat(s.names()).isEqualTo("sentinels 127.0.0.1:26379, 127.0.0.1:26380 (master mymaster)");
    }

    @Test
    void should_refuse_an_empty_seed() {
        assertThatThrownBy(() -> RedisSeeds.parse("redis://:secret@127.0.0.1:7000,,127.0.0.1:7002"))
                .isInstanceOf(StartupException.class).hasMessage("HUB_REDIS_URI: entry 2 (after comma 1) is empty");
    }

    @Test
    void should_refuse_a_password_on_a_later_seed_without_showing_it() {
        assertThatThrownBy(() -> RedisSeeds.parse("redis://:secret@127.0.0.1:7000,redis://:other-secret@127.0.0.1:7001"))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("HUB_REDIS_URI: entry 2 carries a password of its own")
                .hasMessageNotContaining("secret");
    }

    @Test
    void should_refuse_options_or_a_scheme_change_on_a_later_seed() {
        assertThatThrownBy(() -> RedisSeeds.parse("redis://:secret@127.0.0.1:7000,127.0.0.1:7001/0?timeout=5s"))
                .hasMessage("HUB_REDIS_URI: entry 2 '127.0.0.1:7001/0?timeout=5s' is not host:port (options go on the first URI)");
        assertThatThrownBy(() -> RedisSeeds.parse("redis://:secret@127.0.0.1:7000,rediss://127.0.0.1:7001"))
                .hasMessage("HUB_REDIS_URI: entry 2 is rediss:// but the first is redis://; one cluster is reached one way");
        assertThatThrownBy(() -> RedisSeeds.parse("redis://127.0.0.1:7000,127.0.0.1:70000"))
                .hasMessage("HUB_REDIS_URI: entry 2 has port 70000, outside 1-65535");
    }

    @Test
    void should_refuse_a_first_entry_that_is_no_redis_uri_without_showing_the_password() {
        assertThatThrownBy(() -> RedisSeeds.parse("http://:secret@127.0.0.1:7000,127.0.0.1:7001"))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("HUB_REDIS_URI: entry 1 is not a Redis URI")
                .hasMessageNotContaining("secret");
    }
}
