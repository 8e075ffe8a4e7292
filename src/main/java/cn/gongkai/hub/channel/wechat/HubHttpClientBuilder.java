package cn.gongkai.hub.channel.wechat;

import me.chanjar.weixin.common.util.http.apache.ApacheHttpClientBuilder;
import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.ConnectionKeepAliveStrategy;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

import java.io.IOException;
import java.time.Duration;

/**
 * The HTTP client WxJava calls WeChat with. Not WxJava's {@code DefaultApacheHttpClientBuilder}: that one is a JVM-wide
 * singleton (one set of timeouts for every account) and trusts every server certificate. This one checks certificates
 * as the JDK does, never resends a request by itself (a resent submit could publish twice), and bounds connect and
 * read by the configured timeout.
 */
final class HubHttpClientBuilder implements ApacheHttpClientBuilder {
    private final Duration timeout;
    private CloseableHttpClient client;

    HubHttpClientBuilder(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public synchronized CloseableHttpClient build() {
        if (client == null) {
            int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            client = HttpClients.custom().useSystemProperties().disableAutomaticRetries().disableRedirectHandling()
                    .setMaxConnPerRoute(10).setMaxConnTotal(20)
                    .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(ms).setSocketTimeout(ms)
                            .setConnectionRequestTimeout(ms).build())
                    .build();
        }
        return client;
    }

    synchronized void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing at shutdown: nothing left to do with it
            }
        }
    }

    // proxies come from the JVM's system properties (useSystemProperties); WxJava's own settings are not used
    @Override
    public ApacheHttpClientBuilder httpProxyHost(String httpProxyHost) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyPort(int httpProxyPort) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyUsername(String httpProxyUsername) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyPassword(String httpProxyPassword) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpRequestRetryHandler(HttpRequestRetryHandler handler) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder keepAliveStrategy(ConnectionKeepAliveStrategy keepAliveStrategy) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder sslConnectionSocketFactory(SSLConnectionSocketFactory sslConnectionSocketFactory) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder supportedProtocols(String[] supportedProtocols) {
        return this;
    }
}
