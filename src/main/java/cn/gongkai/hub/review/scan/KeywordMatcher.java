package cn.gongkai.hub.review.scan;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Aho–Corasick automaton over {@code char}s: finds every occurrence of every key, overlapping ones included, in one
 * pass over the text. Built once per key list; immutable afterwards and safe to share between threads.
 * Keys are compared char by char as given, so callers normalise keys and text the same way first.
 */
final class KeywordMatcher {

    /** Receives one occurrence of key {@code key} at {@code [start, end)} of the scanned chars. */
    @FunctionalInterface
    interface Hit {
        void at(int key, int start, int end);
    }

    private static final int ROOT = 0;

    /** Child of the root by char: the root has many children, one array lookup beats hashing there. */
    private final int[] rootNext = new int[Character.MAX_VALUE + 1];
    private final Transitions next;
    private final int[] fail;
    /** Nearest node on the fail chain (excluding itself) that ends a key, or -1. */
    private final int[] outputLink;
    /** Keys ending exactly at a node (several when the list has duplicates), or null. */
    private final int[][] keysAt;
    private final int[] keyLength;

    KeywordMatcher(List<String> keys) {
        int capacity = 1;
        for (String key : keys) {
            capacity += key.length();
        }
        next = new Transitions(capacity);
        int[][] ends = new int[capacity][];
        keyLength = new int[keys.size()];
        int nodes = 1;
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            keyLength[k] = key.length();
            if (key.isEmpty()) {
                continue;
            }
            int node = ROOT;
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                int child = child(node, c);
                if (child < 0) {
                    child = nodes++;
                    if (node == ROOT) {
                        rootNext[c] = child;
                    } else {
                        next.put(node, c, child);
                    }
                }
                node = child;
            }
            ends[node] = ends[node] == null ? new int[] {k} : append(ends[node], k);
        }
        keysAt = Arrays.copyOf(ends, nodes);
        fail = new int[nodes];
        outputLink = new int[nodes];
        Arrays.fill(outputLink, -1);
        buildFailLinks(nodes);
    }

    private void buildFailLinks(int nodes) {
        // children of each node, to walk breadth-first; parents are numbered before their children
        int[] firstChild = new int[nodes];
        int[] sibling = new int[nodes];
        char[] via = new char[nodes];
        Arrays.fill(firstChild, -1);
        for (char c = 0; ; c++) {
            int child = rootNext[c];
            if (child > 0) {
                via[child] = c;
                sibling[child] = firstChild[ROOT];
                firstChild[ROOT] = child;
            }
            if (c == Character.MAX_VALUE) {
                break;
            }
        }
        next.forEach((parent, c, child) -> {
            via[child] = c;
            sibling[child] = firstChild[parent];
            firstChild[parent] = child;
        });
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child = firstChild[ROOT]; child >= 0; child = sibling[child]) {
            fail[child] = ROOT;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int child = firstChild[node]; child >= 0; child = sibling[child]) {
                char c = via[child];
                int f = fail[node];
                int target;
                while ((target = child(f, c)) < 0 && f != ROOT) {
                    f = fail[f];
                }
                fail[child] = Math.max(target, ROOT);
                int link = fail[child];
                outputLink[child] = keysAt[link] != null ? link : outputLink[link];
                queue.add(child);
            }
        }
    }

    /** Reports every occurrence of every key in {@code text[0, length)}. */
    void scan(char[] text, int length, Hit hit) {
        int node = ROOT;
        for (int i = 0; i < length; i++) {
            char c = text[i];
            int target;
            while ((target = child(node, c)) < 0 && node != ROOT) {
                node = fail[node];
            }
            node = Math.max(target, ROOT);
            for (int out = keysAt[node] != null ? node : outputLink[node]; out >= 0; out = outputLink[out]) {
                for (int key : keysAt[out]) {
                    hit.at(key, i + 1 - keyLength[key], i + 1);
                }
            }
        }
    }

    private int child(int node, char c) {
        if (node == ROOT) {
            int child = rootNext[c];
            return child == 0 ? -1 : child;
        }
        return next.get(node, c);
    }

    private static int[] append(int[] array, int value) {
        int[] longer = Arrays.copyOf(array, array.length + 1);
        longer[array.length] = value;
        return longer;
    }

    /** Open-addressing map (node, char) -> child node for all nodes but the root. */
    private static final class Transitions {

        @FunctionalInterface
        interface Entry {
            void accept(int parent, char c, int child);
        }

        private final long[] keys;
        private final int[] values;
        private final int mask;

        Transitions(int expected) {
            int size = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
            keys = new long[size];
            values = new int[size];
            mask = size - 1;
            Arrays.fill(keys, -1L);
        }

        void put(int node, char c, int child) {
            long key = ((long) node << 16) | c;
            int slot = slot(key);
            while (keys[slot] != -1L) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = child;
        }

        int get(int node, char c) {
            long key = ((long) node << 16) | c;
            for (int slot = slot(key); ; slot = (slot + 1) & mask) {
                long k = keys[slot];
                if (k == key) {
                    return values[slot];
                }
                if (k == -1L) {
                    return -1;
                }
            }
        }

        void forEach(Entry entry) {
            for (int slot = 0; slot < keys.length; slot++) {
                if (keys[slot] != -1L) {
                    entry.accept((int) (keys[slot] >>> 16), (char) keys[slot], values[slot]);
                }
            }
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32) & mask;
        }
    }
}
