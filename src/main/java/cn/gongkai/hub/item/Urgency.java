package cn.gongkai.hub.item;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum Urgency {
    NORMAL, URGENT;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Urgency parse(String s) {
        if (s == null || s.isBlank()) {
            return NORMAL;
        }
        for (Urgency u : values()) {
            if (u.name().equalsIgnoreCase(s.strip())) {
                return u;
            }
        }
        return null;
    }
}
