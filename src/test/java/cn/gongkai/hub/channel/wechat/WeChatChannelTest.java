package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Target;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatChannelTest {

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void should_write_the_draft_add_body_with_the_fields_wechat_expects(@TempDir Path data) throws Exception {
        WeChatChannel wechat = new WeChatChannel(new WeChatConfig("wx0123456789abcdef", "", "南通文广旅"),
                ChannelFixtures.settings("wechat", "outbox"), ChannelFixtures.outbox(data), List.of());
        assertThat(wechat.targets().first(100)).containsExactly(new Target("account", "wx0123456789abcdef", "南通文广旅"));
        List<DeliveryOutcome> outcomes = wechat.send(ChannelFixtures.publish(ChannelFixtures.seed(2)), ChannelFixtures.deliveries(wechat));
        JsonNode json = new ObjectMapper().readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        assertThat(keys(json)).containsExactly("articles");
        JsonNode article = json.get("articles").get(0);
        assertThat(keys(article)).containsExactly("title", "author", "digest", "content", "content_source_url", "need_open_comment");
        assertThat(article.get("need_open_comment").asInt()).isZero();
        assertThat(article.get("content_source_url").asText()).isEqualTo(ChannelFixtures.WEB_URL);
        assertThat(wechat.resendSafe()).isTrue();
    }

    @Test
    void should_write_a_delete_action_for_a_withdrawal(@TempDir Path data) throws Exception {
        WeChatChannel wechat = new WeChatChannel(new WeChatConfig("", "", "南通文广旅"),
                ChannelFixtures.settings("wechat", "outbox"), ChannelFixtures.outbox(data), List.of());
        List<DeliveryOutcome> outcomes = wechat.send(ChannelFixtures.withdraw(ChannelFixtures.seed(2), "误发"), ChannelFixtures.deliveries(wechat));
        JsonNode json = new ObjectMapper().readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        assertThat(json.get("action").asText()).isEqualTo("delete");
        assertThat(json.get("item_id").asText()).isEqualTo("item-42");
        assertThat(json.get("reason").asText()).isEqualTo("误发");
    }
}
