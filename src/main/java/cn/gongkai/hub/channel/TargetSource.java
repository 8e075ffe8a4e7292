package cn.gongkai.hub.channel;

import java.util.List;
import java.util.OptionalLong;

/**
 * The targets a publication on a channel goes to, read page by page so that planning never holds them all (a
 * channel file's list, or subscribers streamed from Redis).
 */
public interface TargetSource {

    /**
     * Up to {@code limit} targets after {@code cursor} (null: from the first), in a stable order.
     *
     * @return the page; its {@code next} is null on the last page
     */
    TargetPage page(String cursor, int limit);

    /** How many targets there are, when that is known without reading them. */
    OptionalLong size();

    /** The first {@code limit} targets (to show or check a few; planning reads page by page). */
    default List<Target> first(int limit) {
        return page(null, limit).targets();
    }

    record TargetPage(List<Target> targets, String next) {
        public TargetPage {
            targets = List.copyOf(targets);
        }
    }

    /** A fixed list (a channel file's targets); the cursor is the index of the next target. */
    static TargetSource of(List<Target> targets) {
        List<Target> all = List.copyOf(targets);
        return new TargetSource() {
            @Override
            public TargetPage page(String cursor, int limit) {
                int from = cursor == null ? 0 : Integer.parseInt(cursor);
                int to = Math.min(all.size(), from + limit);
                return new TargetPage(all.subList(Math.min(from, to), to), to < all.size() ? Integer.toString(to) : null);
            }

            @Override
            public OptionalLong size() {
                return OptionalLong.of(all.size());
            }
        };
    }
}
