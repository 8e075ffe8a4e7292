package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.support.Seeds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedChannelTest {
    static final LedScreen HALL = new LedScreen("hall", "政务服务中心大厅", 16, 2, "GBK", 1440, "pull");
    static final LedScreen GATE = new LedScreen("gate", "图书馆南门", 8, 1, "UTF-8", 60, "push");

    @Test
    void should_render_title_then_summary_laid_out_for_the_screen() {
        ItemContent c = ChannelFixtures.content("2020年政府信息公开工作年度报告", Seeds.text(3), "全年主动公开信息120条。", List.of());
        LedEntry e = new LedRenderer().render(ChannelFixtures.publish(c), HALL);
        assertThat(e.pages()).containsExactly(
                List.of("2020年政府信息公", "开工作年度报告"),
                List.of("全年主动公开信息", "120条。"));
        assertThat(e.encoding()).isEqualTo("GBK");
        assertThat(e.displayMinutes()).isEqualTo(1440);
    }

    @Test
    void should_write_one_playlist_entry_per_screen_in_its_own_layout(@TempDir Path data) throws Exception {
        LedChannel led = new LedChannel(List.of(HALL, GATE), ChannelFixtures.settings("led", "outbox"), ChannelFixtures.outbox(data), List.of());
        Publication p = ChannelFixtures.publish(ChannelFixtures.seed(1));
        List<DeliveryOutcome> outcomes = led.send(p, ChannelFixtures.deliveries(led));
        assertThat(outcomes).hasSize(2).allMatch(DeliveryOutcome::isSent);
        ObjectMapper json = new ObjectMapper();
        JsonNode gate = json.readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        JsonNode hall = json.readTree(data.resolve(outcomes.get(1).receipt().reference()).toFile());
        assertThat(gate.get("screen").asText()).isEqualTo("gate");
        assertThat(gate.get("encoding").asText()).isEqualTo("UTF-8");
        assertThat(gate.get("displayMinutes").asInt()).isEqualTo(60);
        assertThat(gate.get("pages").get(0).size()).isEqualTo(1);
        gate.get("pages").forEach(page -> page.forEach(line -> assertThat(LedLayout.width(line.asText())).isLessThanOrEqualTo(8)));
        assertThat(hall.get("screen").asText()).isEqualTo("hall");
        hall.get("pages").forEach(page -> {
            assertThat(page.size()).isLessThanOrEqualTo(2);
            page.forEach(line -> assertThat(line.asText().getBytes(Charset.forName("GBK")).length).isLessThanOrEqualTo(16));
        });
        assertThat(led.resendSafe()).isTrue();
    }

    @Test
    void should_empty_the_entry_on_withdrawal(@TempDir Path data) throws Exception {
        LedChannel led = new LedChannel(List.of(HALL), ChannelFixtures.settings("led", "outbox"), ChannelFixtures.outbox(data), List.of());
        List<DeliveryOutcome> outcomes = led.send(ChannelFixtures.withdraw(ChannelFixtures.seed(1), "过期"), ChannelFixtures.deliveries(led));
        JsonNode entry = new ObjectMapper().readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        assertThat(entry.get("pages").isArray()).isTrue();
        assertThat(entry.get("pages").size()).isZero();
        assertThat(entry.get("item").asText()).isEqualTo("item-42");
    }
}
