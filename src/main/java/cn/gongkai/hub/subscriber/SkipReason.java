package cn.gongkai.hub.subscriber;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a notice did not go to a person on a channel. */
public enum SkipReason {
    OPTED_OUT("optedOut", "opted out"),
    NO_ADDRESS("noAddress", "no address on this channel"),
    NO_CONSENT("noConsent", "no consent on this channel"),
    QUOTA("quota", "over the platform's quota"),
    QUIET_HOURS("quietHours", "quiet hours");

    private final String wire;
    private final String text;

    SkipReason(String wire, String text) {
        this.wire = wire;
        this.text = text;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public String text() {
        return text;
    }

    public static SkipReason ofWire(String s) {
        for (SkipReason r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown skip reason " + s);
    }
}
