package cn.gongkai.hub.channel.sms;

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
 * {@code smpp:} in {@code channel-config/sms.yml}: an SMSC (the operator's or a gateway's) spoken to over SMPP 3.4.
 *
 * @param host         the SMSC's name or address
 * @param port         its SMPP port (2775 by convention)
 * @param systemId     the account's system_id
 * @param password     its password, from the environment
 * @param systemType   system_type, when the SMSC asks for one
 * @param sourceAddr   the sender number (a 106 long code)
 * @param bind         {@code transceiver} (receipts and replies on the same session) or {@code transmitter}
 * @param window       submit_sm in flight at once without an answer
 * @param enquireLink  keep-alive interval
 * @param timeout      how long to wait for a bind or a submit_sm_resp
 * @param reconnectMax the longest wait between two rebind attempts after the session dropped (doubling from 1 s)
 */
@ConfigurationProperties("hub.channels.sms.smpp")
public record SmppConfig(
        @NotBlank String host,
        @Bindable(defaultValue = "2775") @Min(1) @Max(65535) int port,
        @NotBlank String systemId,
        @Secret String password,
        @Bindable(defaultValue = "") String systemType,
        @NotBlank @Pattern(regexp = "[0-9]{3,21}", message = "must be the sender number, digits only") String sourceAddr,
        @Bindable(defaultValue = "transceiver") @NotBlank @Pattern(regexp = "transceiver|transmitter",
                message = "must be transceiver or transmitter") String bind,
        @Bindable(defaultValue = "10") @Min(1) @Max(100) int window,
        @Bindable(defaultValue = "30s") @NotNull Duration enquireLink,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout,
        @Bindable(defaultValue = "60s") @NotNull Duration reconnectMax) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "sms";
    }

    @Override
    public String toString() {
        return "SmppConfig[" + systemId + "@" + host + ":" + port + ", " + bind + ", window " + window + "]";
    }
}
