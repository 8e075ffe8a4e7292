package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.ConfiguredChannel;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Deliveries;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Outbox;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transport;
import cn.gongkai.hub.item.Catalogue;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * The office's disclosure website (one target, {@code site}): each item as a full HTML5 page with its catalogue
 * fields and attachments, a withdrawal as a notice page ({@link WebsiteRenderer}).
 *
 * <p>Transports: {@code outbox} writes {@code <deliveryId>.html}; {@code discard} drops it; {@code site}
 * ({@link SiteTransport}) writes the static disclosure site under {@code $HUB_DATA_DIR/site/} (item, column and home
 * pages, Atom feed, sitemap), served at {@code /site/}, and takes a withdrawn item off it.
 *
 * <p>Resend-safe: a page is written under the item's address and replaces what was there.
 */
@Singleton
public class WebsiteChannel extends ConfiguredChannel<WebPage> {
    public static final String NAME = "website";

    private final WebsiteRenderer renderer;
    private final Clock clock;

    public WebsiteChannel(WebsiteConfig config, @Named(NAME) ChannelSettings settings, HubConfig hub, Catalogue catalogue,
                          Outbox outbox, List<WebsiteTransport> own) {
        super(settings, new WebsiteDescriptor(),
                (d, page) -> outbox.write(NAME, d.id(), "html", out -> out.write(page.html().getBytes(StandardCharsets.UTF_8))), own);
        this.renderer = new WebsiteRenderer(config, catalogue::nameOf);
        this.targets = List.of(new Target("site", config.baseUrl(), config.siteName()));
        this.clock = Clock.system(hub.zoneId());
    }

    @Override
    public List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries) throws ChannelUnavailableException {
        WebPage page = renderer.render(publication, LocalDate.now(clock));
        return transport.send(deliveries.stream().map(d -> new Transport.Addressed<>(d, page)).toList());
    }

    /** The page as the site would show it today, and its address. */
    @Override
    public java.util.Optional<cn.gongkai.hub.channel.ChannelPreview> preview(Publication publication) {
        WebPage page = renderer.render(publication, LocalDate.now(clock));
        List<cn.gongkai.hub.channel.ChannelPreview.Fact> facts = new java.util.ArrayList<>();
        if (publication.webUrl() != null) {
            facts.add(new cn.gongkai.hub.channel.ChannelPreview.Fact("页面地址", publication.webUrl()));
        }
        facts.add(new cn.gongkai.hub.channel.ChannelPreview.Fact("附件", publication.content().attachments().size() + " 个"));
        return java.util.Optional.of(new cn.gongkai.hub.channel.ChannelPreview(NAME, cn.gongkai.hub.channel.ChannelDescriptors.label(NAME), facts,
                List.of(new cn.gongkai.hub.channel.ChannelPreview.Document("信息公开页面", page.html()))));
    }

    public WebsiteRenderer renderer() {
        return renderer;
    }
}
