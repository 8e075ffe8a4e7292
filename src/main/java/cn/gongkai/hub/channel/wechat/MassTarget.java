package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.item.Catalogue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who a mass send ({@code message/mass/sendall}) goes to: every follower, or the followers with one tag.
 *
 * @param tagId null when to all
 */
public record MassTarget(boolean toAll, Long tagId) {

    /** {@code all} or {@code tag:<id>}. */
    static MassTarget parse(String where, String value) {
        String v = value == null ? "" : value.strip();
        if (v.equals("all")) {
            return new MassTarget(true, null);
        }
        if (v.matches("tag:[0-9]{1,18}")) {
            return new MassTarget(false, Long.parseLong(v.substring(4)));
        }
        throw new ConfigException(where + ": must be all or tag:<tag id>, not '" + value + "'");
    }

    @Override
    public String toString() {
        return toAll ? "all followers" : "followers with tag " + tagId;
    }

    /** {@code mass-send:} of the file: catalogue column code → who its items are pushed to. */
    record Plan(Map<String, MassTarget> byColumn) {

        static Plan of(Map<String, String> massSend, Catalogue catalogue) {
            Map<String, MassTarget> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : massSend.entrySet()) {
                String where = "channel-config/wechat.yml: wechat.mass-send." + e.getKey();
                Catalogue.Column column = catalogue.find(e.getKey()).orElseThrow(() -> new ConfigException(where
                        + ": is not a column of the catalogue (hub.catalogue in application.yml)"));
                if (out.put(column.code(), parse(where, e.getValue())) != null) {
                    throw new ConfigException(where + ": column " + column.name() + " is named twice");
                }
            }
            return new Plan(Map.copyOf(out));
        }

        Optional<MassTarget> forColumn(String category) {
            return Optional.ofNullable(category == null ? null : byColumn.get(category.strip()));
        }
    }
}
