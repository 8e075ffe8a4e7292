package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ChannelConfigFiles;
import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ContentHash;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.Notice;
import cn.gongkai.hub.item.Urgency;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRendererTest {
    static final Instant RELEASED = Instant.parse("2026-11-05T02:03:00Z");
    static final Notice TO_EVERYONE = new Notice(new Notice.Segment(List.of(), List.of(), List.of()), Notice.Mode.FALLBACK);

    static Map<String, String> fields(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    static NoticeTemplate template(String url, String... pairs) {
        return NoticeTemplate.parse("channel-config/wechat.yml", "Tq3vNn1uHb8kS0w-Y2xQp4LmR7cZe9aF_0dGiJkUoEw", url, fields(pairs));
    }

    static ItemContent notice(String title, String issuer, String docNumber) {
        return new ItemContent(title, Seeds.text(1), null, "ggfw", Disclosure.ACTIVE, docNumber, issuer, List.of("wechat"),
                Urgency.NORMAL, List.of(), TO_EVERYONE);
    }

    static Publication publish(ItemContent c) {
        return new Publication("item-42", 3, ContentHash.of(ChannelFixtures.INDEX_NUMBER, c), c, Action.PUBLISH, null,
                ChannelFixtures.INDEX_NUMBER, ChannelFixtures.WEB_URL);
    }

    static TemplateRenderer.Rendered render(NoticeTemplate t, ItemContent c) {
        return new TemplateRenderer(t, ZoneId.of("Asia/Shanghai")).render(publish(c), RELEASED);
    }

    @Test
    void should_fill_each_keyword_from_its_source_fitted_to_its_type_in_the_templates_order() {
        NoticeTemplate t = template("", "thing1", "title", "time2", "publishedAt", "character_string3", "docNumber",
                "phrase4", "text:已发布", "thing5", "issuer", "character_string6", "indexNumber", "date7", "publishedAt");
        TemplateRenderer.Rendered r = render(t, notice(Seeds.title(1), ChannelFixtures.ISSUER, ChannelFixtures.DOC_NUMBER));

        assertThat(r).isInstanceOfSatisfying(TemplateRenderer.Rendered.Ready.class, ready -> {
            assertThat(ready.templateId()).isEqualTo("Tq3vNn1uHb8kS0w-Y2xQp4LmR7cZe9aF_0dGiJkUoEw");
            assertThat(ready.data()).containsOnlyKeys("thing1", "time2", "character_string3", "phrase4", "thing5", "character_string6", "date7");
            assertThat(List.copyOf(ready.data().keySet())).containsExactly("thing1", "time2", "character_string3", "phrase4", "thing5",
                    "character_string6", "date7");
            assertThat(ready.data().get("thing1")).isEqualTo(TemplateValues.fit(TemplateKeyword.THING, Seeds.title(1)).orElseThrow())
                    .hasSizeLessThanOrEqualTo(20);
            assertThat(ready.data().get("time2")).isEqualTo("2026年11月5日 10:03");
            assertThat(ready.data().get("character_string3")).isEqualTo("[2021]12");
            assertThat(ready.data().get("phrase4")).isEqualTo("已发布");
            assertThat(ready.data().get("thing5")).isEqualTo(ChannelFixtures.ISSUER);
            assertThat(ready.data().get("character_string6")).isEqualTo(ChannelFixtures.INDEX_NUMBER);
            assertThat(ready.data().get("date7")).isEqualTo("2026年11月5日");
            assertThat(ready.url()).as("no url configured: the item's page").isEqualTo(ChannelFixtures.WEB_URL);
        });
    }

    @Test
    void should_open_the_configured_page_and_fall_back_to_the_summary_or_first_sentence() {
        NoticeTemplate t = template("https://www.nantong.gov.cn/ntswgl/notice", "thing1", "summary", "thing2", "body");
        TemplateRenderer.Rendered r = render(t, notice("关于暂停开放的通知", ChannelFixtures.ISSUER, null));

        assertThat(r).isInstanceOfSatisfying(TemplateRenderer.Rendered.Ready.class, ready -> {
            assertThat(ready.url()).isEqualTo("https://www.nantong.gov.cn/ntswgl/notice");
            assertThat(ready.data().get("thing1")).isNotBlank().hasSizeLessThanOrEqualTo(20);
            assertThat(ready.data().get("thing2")).isNotBlank().hasSizeLessThanOrEqualTo(20).doesNotContain("\n");
        });
    }

    @Test
    void should_refuse_a_notice_that_leaves_a_keyword_empty_naming_it() {
        NoticeTemplate t = template("", "thing1", "title", "phrase2", "title", "thing3", "docNumber");
        TemplateRenderer.Rendered r = render(t, notice("Open Day 2026", ChannelFixtures.ISSUER, null));

        assertThat(r).isInstanceOfSatisfying(TemplateRenderer.Rendered.Refused.class, refused -> assertThat(refused.reason())
                .contains("phrase2 (phrase, from title)", "thing3 (thing, from docNumber)", "47003", "notice-template.fields")
                .doesNotContain("thing1"));
    }

    @Test
    void should_refuse_every_notice_when_no_template_is_configured() {
        NoticeTemplate none = NoticeTemplate.parse("channel-config/wechat.yml", "", "", fields("thing1", "title", "time2", "publishedAt"));
        assertThat(none.configured()).isFalse();
        assertThat(render(none, notice("关于暂停开放的通知", ChannelFixtures.ISSUER, null)))
                .isInstanceOfSatisfying(TemplateRenderer.Rendered.Refused.class, r -> assertThat(r.reason())
                        .contains("no notice template is configured", "notice-template.template-id"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "thing1 | headline        | notice-template.fields.thing1: unknown source 'headline'",
            "keyword1 | title         | notice-template.fields.keyword1: 'keyword1' is not a keyword of a known type",
            "first | title            | notice-template.fields.first: 'first' is not a keyword of a known type",
            "time2 | title            | notice-template.fields.time2: a time keyword shows a time: fill it from publishedAt",
            "date2 | issuer           | notice-template.fields.date2: a date keyword shows a time",
            "const3 | title           | notice-template.fields.const3: a const keyword takes only one of the values",
            "phrase4 | text:Published | notice-template.fields.phrase4: 'Published' leaves nothing a phrase keyword may hold",
            "thing5 | ''              | notice-template.fields.thing5: unknown source ''"})
    void should_refuse_a_bad_field_at_start_naming_the_file_and_the_key(String keyword, String source, String message) {
        assertThatThrownBy(() -> template("", keyword, source))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("channel-config/wechat.yml: " + message);
    }

    @Test
    void should_refuse_a_template_id_without_fields_and_a_page_that_is_not_an_address() {
        assertThatThrownBy(() -> NoticeTemplate.parse("channel-config/wechat.yml", "Tq3vNn1uHb8k", "", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notice-template.fields: is required with a template-id");
        assertThatThrownBy(() -> template("www.example.gov.cn", "thing1", "title"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notice-template.url: 'www.example.gov.cn' is not an http(s) address");
        assertThatThrownBy(() -> NoticeTemplate.parse("channel-config/wechat.yml", "模板一", "", fields("thing1", "title")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notice-template.template-id");
    }

    @Test
    void should_refuse_a_bad_notice_template_and_a_written_callback_token_when_the_channel_files_are_checked(@TempDir Path dir) throws IOException {
        Path config = ChannelConfigs.copy(dir.resolve("a"));
        ChannelConfigs.set(config, "wechat", "notice-template:\n  template-id: Tq3vNn1uHb8k\n  fields:\n    thing1: title\n    foo2: title");
        assertThatThrownBy(() -> ChannelConfigFiles.load(config).check()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("wechat.yml: notice-template.fields.foo2: 'foo2' is not a keyword of a known type");

        Path secret = ChannelConfigs.copy(dir.resolve("b"));
        ChannelConfigs.set(secret, "wechat", "callback:\n  token: written-in-the-file");
        assertThatThrownBy(() -> ChannelConfigFiles.load(secret).check()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("wechat.yml: callback.token: a secret must not be written in the file");

        Path unknown = ChannelConfigs.copy(dir.resolve("c"));
        ChannelConfigs.set(unknown, "wechat", "notice-template:\n  template: Tq3vNn1uHb8k");
        assertThatThrownBy(() -> ChannelConfigFiles.load(unknown).check()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("wechat.yml: notice-template.template: unknown key");
    }

    @Test
    void should_accept_the_shipped_notice_template_and_callback_sections(@TempDir Path dir) throws IOException {
        Path config = ChannelConfigs.copy(dir);
        ChannelConfigFiles.load(config).check();
        ChannelConfigs.set(config, "wechat", "notice-template:\n  template-id: Tq3vNn1uHb8k\n  fields:\n    thing1: title\n"
                + "    time2: publishedAt\n    const3: \"text:已发布\"");
        ChannelConfigFiles.load(config).check();
    }
}
