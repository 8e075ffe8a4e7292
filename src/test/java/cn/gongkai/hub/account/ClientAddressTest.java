package cn.gongkai.hub.account;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {
    static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 51000);

    @Test
    void should_use_the_tcp_peer_when_no_header_is_trusted() {
        assertThat(ClientAddress.of(PROXY, List.of())).isEqualTo(new ClientAddress("127.0.0.1", "127.0.0.1"));
    }

    @Test
    void should_take_the_last_entry_of_the_last_header_the_proxy_appended() {
        assertThat(ClientAddress.of(PROXY, List.of("1.1.1.1", "10.0.0.9, 203.0.113.7")).ip()).isEqualTo("203.0.113.7");
    }

    @Test
    void should_fall_back_to_the_peer_for_a_header_that_is_not_an_ip_literal() {
        for (String junk : List.of("localhost", "example.org", "999.1.1.1", "", "1.2.3", "abc", "::zz", "a".repeat(500))) {
            assertThat(ClientAddress.of(PROXY, List.of(junk)).ip()).as(junk).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void should_count_an_ipv6_client_by_its_slash_64() {
        ClientAddress a = ClientAddress.of(PROXY, List.of("2001:db8:1:2:aaaa::1"));
        ClientAddress b = ClientAddress.of(PROXY, List.of("[2001:db8:1:2:bbbb::2]"));
        assertThat(a.ip()).isEqualTo("2001:db8:1:2:aaaa:0:0:1");
        assertThat(a.bucket()).isEqualTo("2001:0db8:0001:0002::/64").isEqualTo(b.bucket());
        assertThat(a.ip()).isNotEqualTo(b.ip());
    }
}
