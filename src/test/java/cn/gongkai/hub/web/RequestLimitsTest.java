package cn.gongkai.hub.web;

import cn.gongkai.hub.HubConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitsTest {

    @Test
    void should_name_the_configured_limits_in_its_answers() {
        RequestLimits limits = new RequestLimits(new HubConfig("/tmp", "Asia/Shanghai", 100_000, 5 * 1024 * 1024, "", 512 * 1024));
        assertThat(limits.jsonTooLarge().status()).isEqualTo(413);
        assertThat(limits.jsonTooLarge().getMessage()).isEqualTo("the request body is larger than the 512 KB the hub accepts for JSON requests");
        assertThat(limits.uploadTooLarge().getMessage()).isEqualTo("the upload is larger than the 5 MB the hub accepts for an attachment");
        assertThat(limits.uploadTooLarge().errors()).extracting(e -> e.field()).containsExactly("file");
    }

    @Test
    void should_write_sizes_in_the_units_they_were_configured_in() {
        assertThat(RequestLimits.size(2_097_152)).isEqualTo("2 MB");
        assertThat(RequestLimits.size(1536 * 1024)).isEqualTo("1536 KB");
        assertThat(RequestLimits.size(1_000_000)).isEqualTo("1000000 bytes");
    }
}
