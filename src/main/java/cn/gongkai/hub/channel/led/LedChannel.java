package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.ConfiguredChannel;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Deliveries;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.DeliveryRejectedException;
import cn.gongkai.hub.channel.Outbox;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transport;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The LED screens in {@code channel-config/led.yml}: each gets the item as pages of lines laid out to its width, in
 * its encoding ({@link LedRenderer}, {@link LedLayout}).
 *
 * <p>Transports: {@code outbox} writes the playlist entry {@code {screen, item, version, title, encoding, pages,
 * displayMinutes}}; {@code discard} drops it; {@code led} ({@link LedPlaylistTransport}) keeps a playlist per screen in
 * Redis, served in the screen's encoding at {@code GET /led/{screenId}/feed} ({@link LedFeeds}) to {@code pull} screens
 * and pushed page by page over TCP ({@link LedFrames}) to the controller of {@code push} screens. A withdrawal takes
 * the item off every screen that got it.
 *
 * <p>Resend-safe: an entry replaces the item's earlier entry on that screen, so sending it twice shows it once.
 */
@Singleton
public class LedChannel extends ConfiguredChannel<LedEntry> {
    public static final String NAME = "led";

    private final Map<String, LedScreen> screens;
    private final LedRenderer renderer = new LedRenderer();

    public LedChannel(List<LedScreen> screens, @Named(NAME) ChannelSettings settings, Outbox outbox, List<LedTransport> own) {
        super(settings, new LedDescriptor(), (d, entry) -> outbox.writeJson(NAME, d.id(), entry), own);
        this.screens = screens.stream().collect(Collectors.toUnmodifiableMap(LedScreen::id, Function.identity()));
        this.targets = screens.stream().sorted(Comparator.comparing(LedScreen::id))
                .map(s -> new Target(s.id(), s.id(), s.location())).toList();
    }

    @Override
    public List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries) throws ChannelUnavailableException {
        List<DeliveryOutcome> out = new ArrayList<>();
        List<Transport.Addressed<LedEntry>> batch = new ArrayList<>();
        for (Delivery d : deliveries) {
            LedScreen screen = screens.get(d.target().address());
            if (screen == null) {
                out.add(DeliveryOutcome.rejected(d.id(), "target " + d.target().id() + ": no screen '" + d.target().address() + "' in led.yml"));
            } else {
                batch.add(new Transport.Addressed<>(d, renderer.render(publication, screen)));
            }
        }
        if (!batch.isEmpty()) {
            out.addAll(transport.send(batch));
        }
        return out;
    }

    /** Each screen's pages, laid out to that screen's width and lines. */
    @Override
    public java.util.Optional<cn.gongkai.hub.channel.ChannelPreview> preview(Publication publication) {
        List<cn.gongkai.hub.channel.ChannelPreview.Shown> shown = new ArrayList<>();
        for (LedScreen s : screens.values().stream().sorted(Comparator.comparing(LedScreen::id)).toList()) {
            LedEntry e = renderer.render(publication, s);
            shown.add(new cn.gongkai.hub.channel.ChannelPreview.Screen(s.location() + "（" + s.id() + "，每行 " + s.charsPerLine()
                    + " 列、每屏 " + s.lines() + " 行，共 " + e.pages().size() + " 屏）", s.charsPerLine(), s.lines(), e.pages()));
        }
        return java.util.Optional.of(new cn.gongkai.hub.channel.ChannelPreview(NAME, cn.gongkai.hub.channel.ChannelDescriptors.label(NAME), List.of(
                new cn.gongkai.hub.channel.ChannelPreview.Fact("显示屏", screens.size() + " 块")), shown));
    }

    public LedRenderer renderer() {
        return renderer;
    }
}
