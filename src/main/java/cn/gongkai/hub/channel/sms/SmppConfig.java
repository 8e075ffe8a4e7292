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
 * @param sourceTon    source_addr_ton: 0 unknown (what Chinese gateways expect for a 106 code), 1 international, 2 national, 5 alphanumeric
 * @param sourceNpi    source_addr_npi: 1 ISDN (E.164), 0 unknown
 * @param destTon      dest_addr_ton: 1 international (the number goes out as 86 and its 11 digits), 2 national or 0
 *                     unknown (the 11 digits as they are)
 * @param destNpi      dest_addr_npi: 1 ISDN (E.164)
 * @param bind         {@code transceiver} (receipts and replies on the same session) or {@code transmitter} (submits
 *                     only: receipts and TD replies wait at the SMSC until some receiver or transceiver bind of the
 *                     account takes them, so the hub records none)
 * @param registeredDelivery ask the SMSC for a delivery receipt of every part (registered_delivery 1)
 * @param window       submit_sm in flight at once without an answer
 * @param enquireLink  keep-alive interval
 * @param timeout      how long to wait for a bind or a submit_sm_resp
 * @param reconnectMax the longest wait between two rebind attempts after the session dropped (doubling from 1 s)
 */
@ConfigurationProperties("hub.channels.sms.smpp")
public record SmppConfig(
        @NotBlank String host,
        @Bindable(defaultValue = "2775") @Min(1) @Max(65535) int port,
        @NotBlank @Pattern(regexp = "\\S{1,15}", message = "must be the account's system_id, at most 15 characters") String systemId,
        @Secret String password,
        @Bindable(defaultValue = "") String systemType,
        @NotBlank @Pattern(regexp = "[0-9]{3,21}", message = "must be the sender number, digits only") String sourceAddr,
        @Bindable(defaultValue = "0") @Min(0) @Max(6) int sourceTon,
        @Bindable(defaultValue = "1") @NotBlank @Pattern(regexp = NPI, message = NPI_MESSAGE) String sourceNpi,
        @Bindable(defaultValue = "1") @Min(0) @Max(6) int destTon,
        @Bindable(defaultValue = "1") @NotBlank @Pattern(regexp = NPI, message = NPI_MESSAGE) String destNpi,
        @Bindable(defaultValue = "transceiver") @NotBlank @Pattern(regexp = "transceiver|transmitter",
                message = "must be transceiver or transmitter") String bind,
        @Bindable(defaultValue = "true") boolean registeredDelivery,
        @Bindable(defaultValue = "10") @Min(1) @Max(100) int window,
        @Bindable(defaultValue = "30s") @NotNull Duration enquireLink,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout,
        @Bindable(defaultValue = "60s") @NotNull Duration reconnectMax) implements ChannelConfigured {

    /** The numbering plans SMPP 3.4 §5.2.6 defines. */
    static final String NPI = "0|1|3|4|6|8|9|10|14|18";
    static final String NPI_MESSAGE = "must be a numbering plan of SMPP 3.4: 0 unknown, 1 ISDN (E.164), 3, 4, 6, 8, 9, 10, 14 or 18";

    @Override
    public String channelName() {
        return "sms";
    }

    /** The session's bind: a transceiver also takes the receipts and replies. */
    public boolean transceiver() {
        return "transceiver".equals(bind);
    }

    /** destination_addr for an 11-digit mainland number. */
    String destination(String number) {
        return destTon == 1 ? "86" + number : number;
    }

    @Override
    public String toString() {
        return "SmppConfig[" + systemId + "@" + host + ":" + port + ", " + bind + ", window " + window + "]";
    }
}
