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

import java.util.Map;

/** HTTP Basic sign-in against the users in Redis; roles become the request's security roles. */
@Singleton
class HubAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {
    private static final Logger LOG = LoggerFactory.getLogger(HubAuthenticationProvider.class);
    private final UserService users;

    HubAuthenticationProvider(UserService users) {
        this.users = users;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> auth) {
        UserService.SignIn result = users.signIn(auth.getIdentity(), auth.getSecret());
        if (result.user() == null) {
            LOG.info("Sign-in refused for '{}': {}", auth.getIdentity(), result.failure());
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        User u = result.user();
        return AuthenticationResponse.success(u.username(), u.roles().stream().map(Enum::name).toList(),
                Map.of("displayName", u.displayName()));
    }
}
