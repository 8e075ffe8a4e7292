package cn.gongkai.hub.web.console;

import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.delivery.DeliveryState;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The words the review, publishing and delivery pages use for the hub's states, stages and channels, as
 * {@code ${labels.item(i.state())}} in their templates, and times in the hub's zone.
 */
@Singleton
public class PublishingLabels {
    private static final Map<ItemState, String> ITEM = Map.of(ItemState.DRAFT, "草稿", ItemState.IN_REVIEW, "审查中",
            ItemState.APPROVED, "已批准，待发布", ItemState.PUBLISHING, "发布中", ItemState.PUBLISHED, "已发布",
            ItemState.PARTIALLY_PUBLISHED, "部分发布", ItemState.WITHDRAWN, "已撤回");
    private static final Map<String, String> DELIVERY = Map.of("PLANNED", "待发送", "SENDING", "发送中", "SENT", "已送达",
            "RETRYING", "重试中", "DEAD", "多次失败已停止", "FAILED", "被拒收", "SKIPPED", "已跳过", "REFUSED", "审查门拦截",
            "IN_DOUBT", "是否送达不明", "PENDING", "未完成");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    PublishingLabels(cn.gongkai.hub.HubConfig hub) {
        this.zone = hub.zoneId();
    }

    public String item(ItemState s) {
        return s == null ? "" : ITEM.getOrDefault(s, s.name());
    }

    public String delivery(Object s) {
        String name = s == null ? "" : s instanceof DeliveryState d ? d.name() : s.toString();
        return DELIVERY.getOrDefault(name, name);
    }

    public String channel(String c) {
        return cn.gongkai.hub.channel.ChannelDescriptors.label(c);
    }

    public String stage(String stage) {
        return "first".equals(stage) ? "初审" : "final".equals(stage) ? "终审" : stage;
    }

    public String severity(Object s) {
        return s == null ? "" : "BLOCK".equals(s.toString()) ? "阻断" : "提示";
    }

    /** A state that needs a person, or went well, for the colour class of the state's text. */
    public String tone(Object s) {
        String n = s == null ? "" : s.toString();
        return switch (n) {
            case "SENT", "PUBLISHED", "APPROVED" -> "ok";
            case "DEAD", "FAILED", "REFUSED", "IN_DOUBT" -> "bad";
            case "RETRYING", "PARTIALLY_PUBLISHED", "SKIPPED" -> "warn";
            default -> "";
        };
    }

    public String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    public String isoTime(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return time(Instant.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    public ZoneId zone() {
        return zone;
    }
}
