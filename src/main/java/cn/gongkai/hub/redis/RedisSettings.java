package cn.gongkai.hub.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * @param uri         HUB_REDIS_URI; blank means: start an embedded redis-server under the data dir
 * @param keyPrefix   every key the hub writes starts with this and a colon
 * @param appendfsync embedded server's AOF fsync policy (everysec loses at most one second on a crash)
 * @param port        embedded server's port; 0 picks a free one
 */
@ConfigurationProperties("hub.redis")
public record RedisSettings(
        @Bindable(defaultValue = "") String uri,
        @Bindable(defaultValue = "hub") @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]+") String keyPrefix,
        @Bindable(defaultValue = "everysec") @Pattern(regexp = "always|everysec|no", message = "must be always, everysec or no") String appendfsync,
        @Bindable(defaultValue = "0") int port,
        @Bindable(defaultValue = "") String serverBinary) {

    public boolean embedded() {
        return uri == null || uri.isBlank();
    }
}
