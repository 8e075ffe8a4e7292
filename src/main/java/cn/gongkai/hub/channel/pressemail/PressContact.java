package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

/**
 * One press contact in {@code press-email.yml} ({@code contacts.<id>}); one target, and one e-mail addressed to them
 * alone.
 *
 * @param outlet the newspaper, station or site they write for
 */
@EachProperty("hub.channels.press-email.contacts")
public record PressContact(@Parameter String id, @NotBlank String name, @NotBlank @Email String email,
                           @Bindable(defaultValue = "") String outlet) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "press-email";
    }
}
