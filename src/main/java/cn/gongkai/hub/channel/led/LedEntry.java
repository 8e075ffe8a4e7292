package cn.gongkai.hub.channel.led;

import java.util.List;

/**
 * One item's entry in one screen's playlist; it replaces any earlier entry of the same item. A withdrawal is an
 * entry without pages.
 *
 * @param version the item version it shows
 * @param title   the item's title, for the screen's ledger
 * @param pages   each page at most the screen's lines, each line at most its columns
 */
public record LedEntry(String screen, String item, int version, String title, String encoding, List<List<String>> pages,
                       int displayMinutes) {

    public LedEntry {
        pages = List.copyOf(pages);
    }

    public boolean withdrawal() {
        return pages.isEmpty();
    }
}
