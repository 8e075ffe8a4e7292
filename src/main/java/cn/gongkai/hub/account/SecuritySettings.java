package cn.gongkai.hub.account;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * @param clientIpHeader {@code hub.security.client-ip-header} (HUB_SECURITY_CLIENT_IP_HEADER): a header such as
 *                       {@code X-Forwarded-For} whose last address is taken as the client's for sign-in throttling.
 *                       Empty (the default) uses the TCP peer. Set it only when every request reaches the hub
 *                       through a proxy you run that sets this header; otherwise a client chooses its own address.
 */
@ConfigurationProperties("hub.security")
public record SecuritySettings(@Bindable(defaultValue = "") String clientIpHeader) {

    public boolean trustsHeader() {
        return clientIpHeader != null && !clientIpHeader.isBlank();
    }
}
