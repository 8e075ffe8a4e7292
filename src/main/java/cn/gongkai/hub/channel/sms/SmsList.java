package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * One broadcast list in {@code sms.yml} ({@code lists.<id>}). Every number is one target, id {@code <list>-<number>}.
 * Numbers are checked when sent: one that is not a mainland mobile number (11 digits, 1[3-9]…) is rejected alone.
 */
@EachProperty("hub.channels.sms.lists")
public record SmsList(@Parameter String id, @NotBlank String name, @NotEmpty List<String> numbers) implements ChannelConfigured {

    public SmsList {
        numbers = numbers == null ? List.of() : List.copyOf(numbers);
    }

    @Override
    public String channelName() {
        return "sms";
    }
}
