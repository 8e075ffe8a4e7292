package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.redis.HubSecret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnsubscribeTokensTest {
    static UnsubscribeTokens tokens(String secret) {
        return new UnsubscribeTokens(HubSecret.of(secret), new HubConfig("/tmp", "Asia/Shanghai", 1, 1, "https://hub.example.gov.cn/", 1024));
    }

    @Test
    void should_read_back_a_token_it_signed_and_refuse_any_change_to_it() {
        UnsubscribeTokens t = tokens("0123456789abcdef0123456789abcdef");
        String token = t.token("s42", Reach.EMAIL);
        assertThat(t.link("s42", "press-email")).isEqualTo("https://hub.example.gov.cn/unsubscribe/" + token);
        assertThat(t.read(token)).contains(new UnsubscribeTokens.Token("s42", Reach.EMAIL));
        assertThat(t.read(token.replace("s42", "s43"))).isEmpty();
        assertThat(t.read(token.replace(".email.", ".sms."))).isEmpty();
        assertThat(t.read(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"))).isEmpty();
        assertThat(t.read("s42.email")).isEmpty();
        assertThat(t.read(null)).isEmpty();
        assertThat(tokens("another-secret-of-at-least-32-chars!").read(token)).as("signed under another key").isEmpty();
        assertThat(token).doesNotContain("@");
    }
}
