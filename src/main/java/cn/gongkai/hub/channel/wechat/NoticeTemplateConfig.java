package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code notice-template:} in {@code channel-config/wechat.yml}: the template message a targeted notice is sent to
 * each follower as ({@code POST /cgi-bin/message/template/send}). Read by {@link NoticeTemplate#of}.
 *
 * @param templateId the template's id in the account's template library (模板库 → 我的模板); empty: notices are refused
 * @param url        the page the message opens; empty: the item's page on the website, when it has one
 * @param fields     template keyword ({@code thing1}) → what fills it: {@code title}, {@code summary}, {@code body},
 *                   {@code issuer}, {@code docNumber}, {@code indexNumber}, {@code publishedAt}, or {@code text:<fixed>}
 */
@ConfigurationProperties("hub.channels.wechat.notice-template")
public record NoticeTemplateConfig(
        @Bindable(defaultValue = "") String templateId,
        @Bindable(defaultValue = "") String url,
        @Nullable @MapFormat(keyFormat = StringConvention.RAW) Map<String, String> fields) implements ChannelConfigured {

    public NoticeTemplateConfig {
        templateId = templateId == null ? "" : templateId.strip();
        url = url == null ? "" : url.strip();
        // the file's order is the template's order: kept for the outbox body and for reading it
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String channelName() {
        return "wechat";
    }
}
