package cn.gongkai.hub.subscriber;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.Map;

/**
 * {@code hub.notices.*}: the platforms' known limits, planned before a notice is sent (a person over one is skipped
 * with reason {@code quota} instead of failing at the vendor).
 *
 * @param perAddressPerDay by channel ({@code sms}, {@code wechat}, {@code email}, {@code qq}): notices one address may
 *                         get a day (0 or absent: no limit); Aliyun's flow control for notification SMS per number
 * @param perDay           by channel: notices the account may send in a day in all (WeChat template messages)
 */
@ConfigurationProperties("hub.notices")
public record NoticeSettings(
        @Bindable(defaultValue = "{}") Map<String, Integer> perAddressPerDay,
        @Bindable(defaultValue = "{}") Map<String, Integer> perDay) {

    public NoticeSettings {
        perAddressPerDay = perAddressPerDay == null ? Map.of() : Map.copyOf(perAddressPerDay);
        perDay = perDay == null ? Map.of() : Map.copyOf(perDay);
    }

    public int perAddress(Reach r) {
        return perAddressPerDay.getOrDefault(r.wire(), 0);
    }

    public int total(Reach r) {
        return perDay.getOrDefault(r.wire(), 0);
    }
}
