package cn.gongkai.hub.delivery;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.UUID;

/**
 * This hub process's name among the instances sharing one Redis (stream consumer name, recorded on deliveries).
 * HUB_INSTANCE_ID sets it; by default host, pid and a random suffix.
 */
@Singleton
public class InstanceId {
    private final String value;

    public InstanceId(@Value("${hub.instance-id:}") String configured) {
        if (configured != null && !configured.isBlank()) {
            this.value = configured.strip();
        } else {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "hub";
            }
            this.value = host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6);
        }
    }

    public String value() {
        return value;
    }
}
