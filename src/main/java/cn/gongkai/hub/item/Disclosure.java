package cn.gongkai.hub.item;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** 公开属性 of an item. Only {@link #ACTIVE} (主动公开) items can be published. */
public enum Disclosure {
    ACTIVE("主动公开"),
    ON_REQUEST("依申请公开"),
    NOT_DISCLOSED("不予公开");

    private final String label;

    Disclosure(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Accepts the Chinese label or the enum name; null when unknown. */
    @JsonCreator
    public static Disclosure parse(String s) {
        if (s == null) {
            return null;
        }
        for (Disclosure d : values()) {
            if (d.label.equals(s.strip()) || d.name().equalsIgnoreCase(s.strip())) {
                return d;
            }
        }
        return null;
    }
}
