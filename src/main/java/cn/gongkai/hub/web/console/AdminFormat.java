package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Words and times as the pages of 订阅与通知, 统计与年报 and 系统 show them (in templates as {@code ${fmt}}): times in the
 * hub's zone to the minute, channel, role and state names in Chinese, and a service's field errors keyed by field.
 */
@Singleton
public class AdminFormat {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Map<String, String> ROLES = Map.of("EDITOR", "编辑", "REVIEWER", "初审", "APPROVER", "终审与发布",
            "ADMIN", "系统管理员");
    private static final Map<String, String> SKIPS = Map.of("optedOut", "已退订", "noAddress", "没有该渠道的地址",
            "noConsent", "未同意该渠道", "quota", "超出平台限额", "quietHours", "免打扰时段");
    private static final Map<String, String> ITEM_STATES = Map.of("DRAFT", "草稿", "IN_REVIEW", "审查中", "APPROVED", "已批准",
            "PUBLISHING", "发布中", "PUBLISHED", "已发布", "PARTIALLY_PUBLISHED", "部分发布", "WITHDRAWN", "已撤回");

    private static final Map<String, String> COLUMNS = Map.of("name", "姓名", "mobile", "手机号", "email", "邮箱",
            "wechatOpenId", "微信openid", "qqNumber", "QQ号", "tags", "标签", "preferredChannels", "首选渠道", "consent", "同意渠道");

    private final ZoneId zone;

    AdminFormat(HubConfig hub) {
        this.zone = hub.zoneId();
    }

    public ZoneId zone() {
        return zone;
    }

    public String time(Instant at) {
        return at == null ? "—" : MINUTE.format(at.atZone(zone));
    }

    /** A publication channel as every console page names it ({@code ChannelDescriptor.label}). */
    public String channel(String name) {
        return cn.gongkai.hub.channel.ChannelDescriptors.label(name);
    }

    /** A channel a person is reached on, in a notice's words: 短信, 微信, 邮件 (for press-email too), QQ. */
    public String reach(String name) {
        return name == null ? "" : cn.gongkai.hub.subscriber.Reach.find(name).map(cn.gongkai.hub.subscriber.Reach::label)
                .orElseGet(() -> cn.gongkai.hub.channel.ChannelDescriptors.label(name));
    }

    public String role(String name) {
        return name == null ? "" : ROLES.getOrDefault(name, name);
    }

    /** An import file's column as its Chinese header names it ({@code tags} → 标签); null is the row as a whole. */
    public String column(String column) {
        return column == null ? "整行" : COLUMNS.getOrDefault(column, column);
    }

    public String skip(String reason) {
        return SKIPS.getOrDefault(reason, reason);
    }

    public String itemState(String state) {
        return ITEM_STATES.getOrDefault(state, state);
    }

    /** A service's field errors, field → problem (several problems of one field joined); a form shows each at its field. */
    static Map<String, String> errors(HubException e) {
        Map<String, String> out = new LinkedHashMap<>();
        List<HubException.FieldError> list = e.errors() == null ? List.of() : e.errors();
        for (HubException.FieldError f : list) {
            out.merge(f.field() == null ? "" : f.field(), f.problem(), (a, b) -> a + "；" + b);
        }
        if (out.isEmpty()) {
            out.put("", e.getMessage());
        }
        return out;
    }

    /** The problems of fields that start with {@code prefix} ({@code segment} for segment.all[0], ...), joined. */
    public static String under(Map<String, String> errors, String prefix) {
        if (errors == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        errors.forEach((k, v) -> {
            if (k.equals(prefix) || k.startsWith(prefix + ".") || k.startsWith(prefix + "[")) {
                sb.append(sb.length() == 0 ? "" : "；").append(k.equals(prefix) ? "" : k + ": ").append(v);
            }
        });
        return sb.length() == 0 ? null : sb.toString();
    }

    /** {@link #under} for templates ({@code ${fmt.problems(errors, 'segment')}}). */
    public String problems(Map<String, String> errors, String prefix) {
        return under(errors, prefix);
    }

    /** A year asked for in a page's query: blank is this year; anything but 2000–2100 is refused. */
    int year(String value) {
        if (value == null || value.isBlank()) {
            return java.time.LocalDate.now(zone).getYear();
        }
        String v = value.strip();
        if (!v.matches("\\d{4}") || Integer.parseInt(v) < 2000 || Integer.parseInt(v) > 2100) {
            throw HubException.invalid("year", "must be a year between 2000 and 2100, such as 2026");
        }
        return Integer.parseInt(v);
    }
}
