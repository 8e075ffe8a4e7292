package cn.gongkai.hub.channel.led;

import java.util.List;

/**
 * One item's entry in one screen's playlist; it replaces any earlier entry of the same item. A withdrawal is an
 * entry without pages.
 *
 * @param pages each page at most the screen's lines, each line at most its columns
 */
public record LedEntry(String screen, String item, String encoding, List<List<String>> pages, int displayMinutes) {

    public LedEntry {
        pages = List.copyOf(pages);
    }
}
