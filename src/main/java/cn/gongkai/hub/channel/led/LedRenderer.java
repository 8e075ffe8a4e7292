package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.Texts;

import java.util.List;

/**
 * Renders a publication for one screen: the title, then the summary (or the body's first sentence) on its own lines,
 * laid out by {@link LedLayout}. A withdrawal empties the item's entry.
 */
public final class LedRenderer {

    public LedEntry render(Publication p, LedScreen screen) {
        if (p.action() == Action.WITHDRAW) {
            return new LedEntry(screen.id(), p.itemId(), p.version(), Texts.oneLine(p.content().title()), screen.encoding(), List.of(),
                    screen.displayMinutes());
        }
        String title = Texts.oneLine(p.content().title());
        String summary = Texts.summaryOrFirstSentence(p.content().summary(), p.content().body());
        String text = summary.isEmpty() ? title : title + "\n" + summary;
        return new LedEntry(screen.id(), p.itemId(), p.version(), title, screen.encoding(),
                LedLayout.pages(text, screen.charsPerLine(), screen.lines(), screen.charset()), screen.displayMinutes());
    }
}
