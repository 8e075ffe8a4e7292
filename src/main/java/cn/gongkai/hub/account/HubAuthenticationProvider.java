package cn.gongkai.hub.account;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/** HTTP Basic sign-in against the users in Redis; roles become the request's security roles. */
@Singleton
public class HubAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {
    private static final Logger LOG = LoggerFactory.getLogger(HubAuthenticationProvider.class);
    private final UserService users;
    private final SecuritySettings security;

    HubAuthenticationProvider(UserService users, SecuritySettings security) {
        this.users = users;
        this.security = security;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> auth) {
        ClientAddress from = request == null ? ClientAddress.UNKNOWN : ClientAddress.of(request.getRemoteAddress(),
                security.trustsHeader() ? request.getHeaders().getAll(security.clientIpHeader()) : List.of());
        UserService.SignIn result = users.signIn(auth.getIdentity(), auth.getSecret(), from);
        if (result.user() == null) {
            LOG.info("Sign-in refused for '{}' from {}: {}", printable(auth.getIdentity()), from.ip(), result.failure());
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        User u = result.user();
        return AuthenticationResponse.success(u.username(), u.roles().stream().map(Enum::name).toList(),
                Map.of("displayName", u.displayName()));
    }

    /** A user name as sent: cut short and without control characters, so it cannot forge log lines. */
    public static String printable(String s) {
        String t = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
