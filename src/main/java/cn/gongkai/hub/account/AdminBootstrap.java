package cn.gongkai.hub.account;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.PrivateFile;
import cn.gongkai.hub.StartupException;
import cn.gongkai.hub.audit.Actor;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * The {@code admin} user. On the first start (no users) it is created with HUB_ADMIN_PASSWORD, or with a random
 * password written to {@code <dataDir>/initial-admin-password} (mode 600). Later starts never change it silently:
 * a HUB_ADMIN_PASSWORD that is not admin's password is reported, and applied only with the start option
 * {@code --reset-admin-password}, which also ends admin's sign-in locks.
 *
 * <p>{@code cn.gongkai.hub.Application} calls {@link #apply} once the context runs and before HTTP opens: a refusal
 * thrown from a start-up event listener would leave the half-started context unclosable.
 */
@Singleton
public class AdminBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    static final String ADMIN = "admin";
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";

    private final UserService users;
    private final String configuredPassword;
    private final Path initialPasswordFile;

    AdminBootstrap(UserService users, HubConfig hub, @Value("${hub.admin-password:}") String configuredPassword) {
        this.users = users;
        this.configuredPassword = configuredPassword == null || configuredPassword.isBlank() ? null : configuredPassword;
        this.initialPasswordFile = hub.dataPath().resolve(INITIAL_PASSWORD_FILE);
    }

    /**
     * @param reset the start option {@code --reset-admin-password} was given
     * @throws cn.gongkai.hub.StartupException when HUB_ADMIN_PASSWORD is needed and missing or unfit
     */
    public void apply(boolean reset) {
        if (reset) {
            resetPassword();
        } else if (users.isEmpty()) {
            createAdmin();
        } else if (configuredPassword != null && !users.passwordMatches(ADMIN, configuredPassword)) {
            LOG.warn("HUB_ADMIN_PASSWORD is set but was NOT applied: user 'admin' already exists with another password. "
                    + "To make it admin's password, start the hub once with --reset-admin-password "
                    + "(java -jar target/gongkai-hub.jar --reset-admin-password)");
        }
    }

    private void resetPassword() {
        if (configuredPassword == null) {
            throw new StartupException("--reset-admin-password needs HUB_ADMIN_PASSWORD: set it to admin's new password");
        }
        checkConfigured();
        if (users.resetPassword(ADMIN, configuredPassword, Actor.START_UP)) {
            LOG.warn("Set the password of 'admin' from HUB_ADMIN_PASSWORD (--reset-admin-password) and cleared admin's sign-in locks");
        } else {
            users.create(ADMIN, "管理员", List.of("ADMIN"), configuredPassword, Actor.START_UP);
            LOG.warn("Created user 'admin' with the password from HUB_ADMIN_PASSWORD (--reset-admin-password)");
        }
        try {
            Files.deleteIfExists(initialPasswordFile);
        } catch (IOException e) {
            LOG.warn("Could not delete {}, which no longer holds admin's password: {}", initialPasswordFile, e.getMessage());
        }
    }

    private void createAdmin() {
        if (configuredPassword != null) {
            checkConfigured();
            users.create(ADMIN, "管理员", List.of("ADMIN"), configuredPassword, Actor.START_UP);
            LOG.info("Created user 'admin' with the password from HUB_ADMIN_PASSWORD");
            return;
        }
        String password = randomPassword();
        try {
            PrivateFile.write(initialPasswordFile, password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + initialPasswordFile + ": " + e.getMessage(), e);
        }
        try {
            users.create(ADMIN, "管理员", List.of("ADMIN"), password, Actor.START_UP);
        } catch (HubException e) {
            if (e.status() != 409) {
                throw e;
            }
            // another hub instance on the same Redis created admin first; its password is in its data dir
            LOG.info("User 'admin' was created meanwhile by another hub instance");
            try {
                Files.deleteIfExists(initialPasswordFile);
            } catch (IOException ignored) {
                // a stale file is only confusing
            }
            return;
        }
        LOG.warn("Created user 'admin' with a random password, in {} (readable by this OS user only): "
                + "cat it to sign in; to choose your own, start once with HUB_ADMIN_PASSWORD set and --reset-admin-password", initialPasswordFile);
    }

    private void checkConfigured() {
        UserService.passwordProblem(configuredPassword).ifPresent(p -> {
            throw new StartupException("HUB_ADMIN_PASSWORD: " + p);
        });
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
