package cn.gongkai.hub.subscriber;

import java.util.List;

/** The tag dimensions (维度) in use: the configured ones until an ADMIN sets others. */
public interface Dimensions {

    List<String> current();

    /** Replaces them; tags of a dimension no longer listed stay on subscribers but cannot be written anew. */
    void set(List<String> dimensions, String by);
}
