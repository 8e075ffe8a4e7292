package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ChannelDescriptor;
import cn.gongkai.hub.channel.ConfigException;
import io.micronaut.core.annotation.Introspected;

import java.util.List;
import java.util.Map;

/**
 * SMS broadcast lists; providers fail over in the order {@code transport:} names them. The providers' template
 * variables must take item fields the hub has ({@link TemplateField}), checked before start-up.
 */
@Introspected
public final class SmsDescriptor implements ChannelDescriptor {
    @Override
    public String name() {
        return "sms";
    }

    @Override
    public String label() {
        return "短信";
    }

    @Override
    public Class<? extends Record> config() {
        return SmsConfig.class;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of("lists", SmsList.class);
    }

    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Map.of("smpp", SmppConfig.class, "aliyun", AliyunSmsConfig.class, "tencent", TencentSmsConfig.class);
    }

    @Override
    public boolean failover() {
        return true;
    }

    @Override
    public boolean resendSafe() {
        return false;
    }

    /**
     * Aliyun's {@code template-params} (and {@code withdraw-template-params}) map the template's variables to item
     * fields; Tencent's list the item fields for {@code {1}}, {@code {2}}, …; every field must be a {@link TemplateField}.
     */
    @Override
    public void check(String where, Map<?, ?> file) {
        if (file.get("aliyun") instanceof Map<?, ?> aliyun) {
            for (String key : List.of("template-params", "withdraw-template-params")) {
                Object v = aliyun.get(key);
                if (v == null) {
                    continue;
                }
                if (!(v instanceof Map<?, ?> vars)) {
                    throw new ConfigException(where + ": aliyun." + key + ": must be a map of template variable to item field, such as {title: title, link: url}");
                }
                vars.forEach((variable, field) -> field(where, "aliyun." + key + "." + variable, field));
            }
            requiresTemplate(where, aliyun, "aliyun", "withdraw-template-code");
        }
        if (file.get("tencent") instanceof Map<?, ?> tencent) {
            for (String key : List.of("template-params", "withdraw-template-params")) {
                Object v = tencent.get(key);
                if (v == null) {
                    continue;
                }
                if (!(v instanceof List<?> fields)) {
                    throw new ConfigException(where + ": tencent." + key + ": must be a list of item fields for {1}, {2}, …, such as [title, item-id]");
                }
                for (int i = 0; i < fields.size(); i++) {
                    field(where, "tencent." + key + "[" + i + "]", fields.get(i));
                }
            }
            requiresTemplate(where, tencent, "tencent", "withdraw-template-id");
        }
    }

    private static void field(String where, String key, Object field) {
        if (field == null || field instanceof Map<?, ?> || field instanceof List<?> || TemplateField.of(String.valueOf(field)).isEmpty()) {
            throw new ConfigException(where + ": " + key + ": '" + field + "' is not an item field; use one of " + TemplateField.names());
        }
    }

    private static void requiresTemplate(String where, Map<?, ?> section, String transport, String templateKey) {
        if (section.get("withdraw-template-params") != null && section.get(templateKey) == null) {
            throw new ConfigException(where + ": " + transport + ".withdraw-template-params: is set but " + templateKey
                    + " is not: name the approved template a withdrawal goes out with");
        }
    }
}
