package cn.gongkai.hub.channel;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.ContentHash;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.Urgency;
import cn.gongkai.hub.support.Seeds;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Publications built from the seed reports, and the small records channels are built from. */
public final class ChannelFixtures {
    public static final String WEB_URL = "https://www.example.gov.cn/xxgk/ywgz/item-42.html";
    public static final String INDEX_NUMBER = "014150394/2021-00012";
    public static final String DOC_NUMBER = "通文广旅发〔2021〕12号";
    public static final String ISSUER = "南通市文化广电和旅游局";
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    /** Markdown with every kind of injection a body could carry. */
    public static final String ATTACKS = """
            一、总体情况

            <script>alert('x')</script>

            <img src="x.png" onerror="alert(1)">

            [点击查看](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">链接</a> <a href="vbscript:x">v</a>

            <p onclick="steal()" style="position:fixed" class="x" id="y">段落</p>

            <style>body{display:none}</style><iframe src="https://evil.example.com/"></iframe>
            """;


    private ChannelFixtures() {
    }

    public static ItemContent seed(int i) {
        return content(Seeds.title(i), Seeds.text(i), null, List.of());
    }

    public static ItemContent content(String title, String body, String summary, List<Attachment> attachments) {
        return new ItemContent(title, body, summary, "ywgz", Disclosure.ACTIVE, DOC_NUMBER, ISSUER,
                List.of("website", "wechat", "sms", "qq", "led", "press-email"), Urgency.NORMAL, attachments);
    }

    public static Publication publish(ItemContent c) {
        return new Publication("item-42", 3, ContentHash.of(INDEX_NUMBER, c), c, Action.PUBLISH, null, INDEX_NUMBER, WEB_URL);
    }

    public static Publication withdraw(ItemContent c, String reason) {
        return new Publication("item-42", 3, ContentHash.of(INDEX_NUMBER, c), c, Action.WITHDRAW, reason, INDEX_NUMBER, WEB_URL);
    }

    public static ChannelSettings settings(String channel, String transport) {
        return new ChannelSettings(channel, true, java.util.List.of(transport), 5, Duration.ofSeconds(2), Duration.ofMinutes(10), 100,
                "none", "none", "none");
    }

    public static Delivery delivery(String channel, Target target) {
        return new Delivery("item-42.v3." + channel + "." + target.id() + ".publish", channel, "item-42", 3, target, 1);
    }

    public static List<Delivery> deliveries(Channel channel) {
        return channel.targets().first(10_000).stream().map(t -> delivery(channel.name(), t)).toList();
    }

    public static HubConfig hub(Path dataDir) {
        return new HubConfig(dataDir.toString(), "Asia/Shanghai", 100_000, 20_971_520, "http://localhost:8080", 2_097_152);
    }

    public static Outbox outbox(Path dataDir) {
        return new Outbox(dataDir, CLOCK);
    }

    /** Every seed, joined with blank lines: a body far over any channel's limit. */
    public static String allSeeds(int times) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < times; t++) {
            for (int i = 0; i < Seeds.FILES.size(); i++) {
                sb.append(Seeds.text(i).strip()).append("\n\n");
            }
        }
        return sb.toString();
    }
}
