package cn.gongkai.hub.account;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.List;

/**
 * On first start with no users, creates {@code admin} with HUB_ADMIN_PASSWORD, or with a random password that is
 * printed to the log once.
 */
@Singleton
class AdminBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final UserService users;
    private final String configuredPassword;

    AdminBootstrap(UserService users, @Value("${hub.admin-password:}") String configuredPassword) {
        this.users = users;
        this.configuredPassword = configuredPassword;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!users.isEmpty()) {
            return;
        }
        boolean random = configuredPassword == null || configuredPassword.isBlank();
        String password = random ? randomPassword() : configuredPassword;
        users.create("admin", "管理员", List.of("ADMIN"), password);
        if (random) {
            LOG.warn("Created user 'admin' with password {} (shown once; set HUB_ADMIN_PASSWORD to choose it)", password);
        } else {
            LOG.info("Created user 'admin' with the password from HUB_ADMIN_PASSWORD");
        }
    }

    private static String randomPassword() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
