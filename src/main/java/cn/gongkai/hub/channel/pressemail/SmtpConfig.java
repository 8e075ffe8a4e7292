package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.ChannelConfigured;
import cn.gongkai.hub.channel.Secret;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * {@code smtp:} in {@code channel-config/press-email.yml}: the mail server press e-mails are handed to.
 *
 * @param host     the server's name or address (a loopback address for tests or a local relay)
 * @param port     25, 587 (submission with STARTTLS) or 465 (implicit TLS)
 * @param security {@code starttls} (required: no plain-text fallback), {@code tls} (implicit TLS) or {@code none}
 * @param username AUTH user, from the environment; empty for a relay that needs no AUTH
 * @param password AUTH password, from the environment
 * @param timeout  connect, read and write timeout for each SMTP step
 * @param heloName the name the hub gives in EHLO (a fully qualified name, as relays that check it want); empty: the
 *                 machine's own name as Java resolves it
 */
@ConfigurationProperties("hub.channels.press-email.smtp")
public record SmtpConfig(
        @NotBlank String host,
        @Bindable(defaultValue = "587") @Min(1) @Max(65535) int port,
        @Bindable(defaultValue = "starttls") @NotBlank @Pattern(regexp = "starttls|tls|none",
                message = "must be starttls, tls or none") String security,
        @Bindable(defaultValue = "") @Secret(optional = true) String username,
        @Bindable(defaultValue = "") @Secret(optional = true) String password,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout,
        @Bindable(defaultValue = "") @Pattern(regexp = "[A-Za-z0-9.-]*",
                message = "must be a host name such as hub.example.gov.cn, or empty") String heloName) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "press-email";
    }

    @Override
    public String toString() {
        return "SmtpConfig[" + host + ":" + port + ", " + security + (username.isEmpty() ? "" : ", user " + username) + "]";
    }
}
