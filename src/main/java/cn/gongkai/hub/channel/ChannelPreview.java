package cn.gongkai.hub.channel;

import java.util.List;

/**
 * What one channel would put out for an item, rendered by that channel's own renderer, for a person to check before
 * it goes: a few facts (counts, addresses, limits) and what the channel shows, as plain text, as a whole HTML
 * document, or as the pages of a character screen. Built by {@link Channel#preview}; the console draws it as is.
 *
 * @param label the channel's name for office staff: 网站, 微信公众号, 短信, …
 * @param facts what a person should know before it goes: 字数, 条数, 收件人, …
 * @param shown what the channel shows, in order
 */
public record ChannelPreview(String channel, String label, List<Fact> facts, List<Shown> shown) {

    public ChannelPreview {
        facts = List.copyOf(facts);
        shown = List.copyOf(shown);
    }

    /** One line of facts: {@code 条数: 2}. */
    public record Fact(String label, String value) {
    }

    /** One thing the channel shows. */
    public sealed interface Shown permits Text, Document, Screen {
        String caption();

        /** {@code text}, {@code document} or {@code screen}: how a page draws it. */
        String kind();
    }

    /** Plain text exactly as it goes out (line breaks kept). */
    public record Text(String caption, String text) implements Shown {
        @Override
        public String kind() {
            return "text";
        }
    }

    /**
     * A whole HTML document as the channel renders it (it may carry its own styles): to be shown in a sandboxed frame
     * of its own, never inside another page.
     */
    public record Document(String caption, String html) implements Shown {
        @Override
        public String kind() {
            return "document";
        }
    }

    /**
     * The pages of a character screen as it lays them out.
     *
     * @param columns line width in columns (a Chinese character takes 2)
     * @param lines   lines per page
     */
    public record Screen(String caption, int columns, int lines, List<List<String>> pages) implements Shown {
        public Screen {
            pages = pages.stream().map(List::copyOf).toList();
        }

        /** Each page's lines joined by line breaks, as the screen shows them one below the other. */
        public List<String> pageTexts() {
            return pages.stream().map(lines -> String.join("\n", lines)).toList();
        }

        @Override
        public String kind() {
            return "screen";
        }
    }
}
