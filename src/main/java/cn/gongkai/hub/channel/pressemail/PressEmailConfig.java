package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code channel-config/press-email.yml}: who the press e-mails come from.
 *
 * @param fromName    the sender's display name (the office)
 * @param fromAddress the sender's address
 * @param replyTo     where replies go (the press office)
 */
@ConfigurationProperties("hub.channels.press-email")
public record PressEmailConfig(
        @NotBlank String fromName,
        @NotBlank @Email String fromAddress,
        @NotBlank @Email String replyTo) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "press-email";
    }
}
