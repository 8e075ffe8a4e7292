package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * One QQ group in {@code channel-config/qq.yml} ({@code groups.<id>}); one target each.
 *
 * @param groupId the group number, as OneBot's {@code group_id}
 * @param name    the group's name, shown in delivery records
 */
@EachProperty("hub.channels.qq.groups")
public record QqGroup(@Parameter String id, @NotNull @Min(10000) @Max(99999999999L) Long groupId, @NotBlank String name)
        implements ChannelConfigured {

    @Override
    public String channelName() {
        return "qq";
    }
}
