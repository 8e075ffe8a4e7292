package cn.gongkai.hub.channel.website;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SiteLinksTest {

    @Test
    void should_put_an_item_page_under_the_site_base_with_one_slash_and_an_encoded_id() {
        assertThat(new SiteLinks("https://www.example.gov.cn/xxgk/").itemUrl("item-42"))
                .isEqualTo("https://www.example.gov.cn/xxgk/items/item-42.html");
        assertThat(new SiteLinks("https://www.example.gov.cn/xxgk").itemPath("a b/../c"))
                .isEqualTo("items/a%20b%2F..%2Fc.html");
    }
}
