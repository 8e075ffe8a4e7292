package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.item.Catalogue;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebsiteChannelTest {

    static Catalogue catalogue() {
        Environment env = new DefaultEnvironment(() -> List.of("test"));
        env.addPropertySource(PropertySource.of("catalogue", Map.of("hub.catalogue", List.of(Map.of("code", "ywgz", "name", "业务工作")))));
        env.start();
        return new Catalogue(env);
    }

    @Test
    void should_write_the_page_as_delivery_id_html_with_the_column_name(@TempDir Path data) throws Exception {
        WebsiteChannel site = new WebsiteChannel(WebsiteRendererTest.CONFIG, ChannelFixtures.settings("website", "outbox"),
                ChannelFixtures.hub(data), catalogue(), ChannelFixtures.outbox(data), List.of());
        assertThat(site.targets().first(100)).containsExactly(new Target("site", "https://www.example.gov.cn/xxgk", "南通市文化广电和旅游局政府信息公开"));
        List<DeliveryOutcome> outcomes = site.send(ChannelFixtures.publish(ChannelFixtures.seed(0)), ChannelFixtures.deliveries(site));
        String ref = outcomes.get(0).receipt().reference();
        assertThat(ref).isEqualTo("outbox/website/" + outcomes.get(0).deliveryId() + ".html");
        Document doc = Jsoup.parse(Files.readString(data.resolve(ref)));
        assertThat(WebsiteRendererTest.field(doc, "栏目")).isEqualTo("业务工作");
        assertThat(site.resendSafe()).isTrue();
    }
}
