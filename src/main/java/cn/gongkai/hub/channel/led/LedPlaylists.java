package cn.gongkai.hub.channel.led;

import java.time.Instant;
import java.util.List;

/**
 * Each screen's playlist (the items it shows now, with their pages) and its ledger (台账: what it showed, from when to
 * when, and how each showing ended). Every change of a playlist records the showings it ends, in the same step.
 */
public interface LedPlaylists {

    /** How {@link #put} went. */
    enum Put { ADDED, KEPT, NEWER }

    /**
     * Puts {@code showing} on {@code screen}'s playlist: the item's showing of an earlier version ends as replaced, a
     * resend of the same version keeps its showing (only the pages are refreshed), a newer version showing is left.
     * Showings that ran out before {@code showing.from()} end as expired.
     */
    Put put(String screen, Showing showing);

    /** Takes {@code itemId} off the playlist (ended as withdrawn, or expired if it had run out); false if it was not on it. */
    boolean remove(String screen, String itemId, Instant now);

    /** The playlist, expired showings included (readers leave them out), oldest first. */
    List<Showing> playlist(String screen);

    /**
     * The showings that overlap {@code [from, to]}, oldest first: ended ones with how they ended, those still on the
     * playlist as expired at their end when they ran out, else with no end yet.
     */
    List<LedgerEntry> ledger(String screen, Instant from, Instant to, Instant now);

    /** One item on one screen. */
    record Showing(String item, int version, String title, List<List<String>> pages, Instant from, Instant until) {
        public Showing {
            pages = List.copyOf(pages);
        }

        public boolean shownAt(Instant t) {
            return !t.isBefore(from) && t.isBefore(until);
        }
    }

    /**
     * One showing in the ledger.
     *
     * @param to    when it ended; null while it is still shown
     * @param ended {@code expired}, {@code withdrawn}, {@code replaced}, or null while it is still shown
     * @param until when it runs out (for one still shown), else null
     */
    record LedgerEntry(String item, int version, String title, Instant from, Instant to, String ended, Instant until) {
    }
}
