package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ChannelDescriptor;
import cn.gongkai.hub.channel.ConfigException;
import io.micronaut.core.annotation.Introspected;

import java.util.Map;

/**
 * The WeChat official account: the account (and its followers) for items, each subscriber's openid for notices; the
 * sections {@code notice-template} (the notices' template message) and {@code callback} (the message push).
 */
@Introspected
public final class WeChatDescriptor implements ChannelDescriptor {
    @Override
    public String name() {
        return "wechat";
    }

    @Override
    public String label() {
        return "微信公众号";
    }

    @Override
    public Class<? extends Record> config() {
        return WeChatConfig.class;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of();
    }

    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Map.of("wechat", WxJavaConfig.class);
    }

    @Override
    public Map<String, Class<? extends Record>> sections() {
        return Map.of("notice-template", NoticeTemplateConfig.class, "callback", WeChatCallbackConfig.class);
    }

    @Override
    public boolean resendSafe() {
        return true;
    }

    /** The notice template's keywords and sources, before anything starts. */
    @Override
    public void check(String where, Map<?, ?> file) {
        if (!(file.get("notice-template") instanceof Map<?, ?> notice)) {
            return;
        }
        Object fields = notice.get("fields");
        if (fields != null && !(fields instanceof Map<?, ?>)) {
            throw new ConfigException(where + ": notice-template.fields: must be a map of template keyword to what fills it");
        }
        NoticeTemplate.parse(where, text(notice.get("template-id")), text(notice.get("url")), (Map<?, ?>) fields);
    }

    private static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }
}
