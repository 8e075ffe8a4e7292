package cn.gongkai.hub.item;

import java.util.List;

/** The publication of an item version under way or last finished: which version, on which channels. */
public record PublishRun(int version, List<String> channels) {
    public PublishRun {
        channels = List.copyOf(channels);
    }
}
