package cn.gongkai.hub.subscriber;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds people listed twice in one import file: the first row with each mobile, e-mail address and openid is
 * remembered, and a later row with any of them is reported {@code duplicate of row N}.
 *
 * <p>Memory: a key is kept as a 64-bit hash in an open-addressing table of {@code long} keys and {@code int} rows, 12
 * bytes a slot at most 3/4 full: 100,000 rows with three keys each take about 6 MB, instead of 300,000 strings. Two
 * different keys share a hash with a chance of about 2.5 in a billion for a whole 100,000-row file; the import would
 * then wrongly report one row as a duplicate, and nothing is ever overwritten because of it.
 *
 * <p>Not thread-safe: one per import job.
 */
public final class DuplicateCheck {
    private static final float LOAD = 0.75f;
    /** Stands for a key whose hash is 0, since 0 marks an empty slot. */
    private static final long ZERO = 0x9E3779B97F4A7C15L;

    private long[] keys;
    private int[] rows;
    private int size;

    public DuplicateCheck() {
        this(1024);
    }

    /** @param expectedKeys about how many keys will be added (rows times addresses), so the table need not grow */
    public DuplicateCheck(int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.ceil(expectedKeys / LOAD)) - 1) << 1;
        keys = new long[capacity];
        rows = new int[capacity];
    }

    /**
     * The row that first had {@code key}; when there is none, {@code row} is remembered as the first for it and the
     * answer is empty.
     */
    public Optional<Integer> firstRowWith(String key, int row) {
        long h = hash(key);
        int slot = find(h);
        if (keys[slot] != 0) {
            return Optional.of(rows[slot]);
        }
        put(slot, h, row);
        return Optional.empty();
    }

    /**
     * Checks a row that {@link SubscriberRows#check} accepted: a {@code duplicate of row N} error for each of its mobile,
     * e-mail address (compared ignoring case) and openid seen on an earlier row. A row without duplicates has its keys
     * remembered; a duplicate row has none of them remembered, as it will not be imported.
     */
    public List<RowError> check(int row, SubscriberInput input) {
        String[] columns = {SubscriberColumn.MOBILE.header(), SubscriberColumn.EMAIL.header(), SubscriberColumn.WECHAT_OPEN_ID.header()};
        String[] values = {input.mobile(), input.email() == null ? null : input.email().toLowerCase(Locale.ROOT), input.wechatOpenId()};
        long[] hashes = new long[columns.length];
        List<RowError> errors = new ArrayList<>(0);
        for (int i = 0; i < columns.length; i++) {
            if (values[i] == null) {
                continue;
            }
            hashes[i] = hash(columns[i] + '\u0000' + values[i]);
            int slot = find(hashes[i]);
            if (keys[slot] != 0) {
                errors.add(new RowError(row, columns[i], "duplicate of row " + rows[slot]));
            }
        }
        if (errors.isEmpty()) {
            for (int i = 0; i < columns.length; i++) {
                if (values[i] != null) {
                    int slot = find(hashes[i]);
                    if (keys[slot] == 0) {
                        put(slot, hashes[i], row);
                    }
                }
            }
        }
        return errors;
    }

    /** How many keys are remembered. */
    public int size() {
        return size;
    }

    private int find(long h) {
        int mask = keys.length - 1;
        int slot = (int) (h ^ (h >>> 32)) & mask;
        while (keys[slot] != 0 && keys[slot] != h) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void put(int slot, long h, int row) {
        keys[slot] = h;
        rows[slot] = row;
        if (++size > keys.length * LOAD) {
            grow();
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldRows = rows;
        keys = new long[oldKeys.length * 2];
        rows = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                rows[slot] = oldRows[i];
            }
        }
    }

    /** FNV-1a over the UTF-16 units, then MurmurHash3's 64-bit finaliser to spread the bits; never 0. */
    static long hash(String key) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h == 0 ? ZERO : h;
    }
}
