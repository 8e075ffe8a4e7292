package cn.gongkai.hub;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Hub-wide settings ({@code hub.*} in application.yml; environment variables override them).
 *
 * @param dataDir           HUB_DATA_DIR: embedded Redis data, attachments, outbox
 * @param zone              the office's time zone; a publishAt without offset means this zone
 * @param maxBodyChars      longest body accepted
 * @param maxAttachmentBytes largest attachment accepted (and, with room for the multipart framing, the largest upload)
 * @param maxJsonBytes      largest JSON request body accepted
 */
@ConfigurationProperties("hub")
public record HubConfig(
        @NotBlank String dataDir,
        @Bindable(defaultValue = "Asia/Shanghai") @NotBlank String zone,
        @Bindable(defaultValue = "100000") @Min(1) int maxBodyChars,
        @Bindable(defaultValue = "20971520") @Min(1) long maxAttachmentBytes,
        @Bindable(defaultValue = "") String baseUrl,
        @Bindable(defaultValue = "2097152") @Min(1024) long maxJsonBytes) {

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }
}
