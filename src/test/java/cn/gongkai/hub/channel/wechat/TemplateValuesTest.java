package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.support.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static cn.gongkai.hub.channel.wechat.TemplateKeyword.*;
import static org.assertj.core.api.Assertions.assertThat;

class TemplateValuesTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static String fit(TemplateKeyword type, String text) {
        return TemplateValues.fit(type, text).orElse(null);
    }

    /** No unpaired surrogate anywhere: a cut never split a pair. */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @CsvSource({"thing1, THING", "thing12, THING", "character_string3, CHARACTER_STRING", "phrase4, PHRASE", "time2, TIME",
            "date5, DATE", "number6, NUMBER", "letter7, LETTER", "symbol8, SYMBOL", "amount9, AMOUNT", "phone_number10, PHONE_NUMBER",
            "car_number11, CAR_NUMBER", "name12, NAME", "const13, CONST"})
    void should_read_the_type_of_a_keyword_from_its_prefix(String keyword, TemplateKeyword type) {
        assertThat(TemplateKeyword.of(keyword)).contains(type);
    }

    @ParameterizedTest
    @CsvSource({"thing", "first", "remark", "keyword1", "short_thing1", "Thing1", "thing1.DATA", "thing1234", "'thing 1'"})
    void should_not_know_a_keyword_without_a_known_type_and_a_number(String keyword) {
        assertThat(TemplateKeyword.of(keyword)).isEmpty();
    }

    @Test
    void should_keep_a_thing_of_20_characters_and_cut_a_longer_one_to_19_and_an_ellipsis() {
        String twenty = "关于开展2026年度政府信息公开工作检查";
        assertThat(twenty).hasSize(20);
        assertThat(fit(THING, twenty)).isEqualTo(twenty);
        String title = Seeds.title(0);
        assertThat(title.length()).isGreaterThan(20);
        String cut = fit(THING, title);
        assertThat(cut).hasSize(20).endsWith(TemplateValues.ELLIPSIS).startsWith(title.substring(0, 19));
    }

    @Test
    void should_never_split_a_surrogate_pair_when_cutting_a_thing() {
        // the 19th and 20th UTF-16 units are one emoji: the cut goes before it
        String s = "一二三四五六七八九十一二三四五六七八" + "😀" + "尾巴还有";
        String cut = fit(THING, s);
        assertThat(wellFormed(cut)).isTrue();
        assertThat(cut).isEqualTo("一二三四五六七八九十一二三四五六七八" + TemplateValues.ELLIPSIS);
        assertThat(cut.length()).isLessThanOrEqualTo(20);
        // an emoji that fits is kept whole
        assertThat(fit(THING, "通知😀")).isEqualTo("通知😀");
    }

    @Test
    void should_make_line_breaks_and_control_characters_spaces_and_give_nothing_for_a_blank_text() {
        assertThat(fit(THING, "第一行\n第二行\t\u0000第三行\u200b")).isEqualTo("第一行 第二行 第三行");
        assertThat(TemplateValues.fit(THING, " \n\t\u3000")).isEmpty();
        assertThat(TemplateValues.fit(THING, null)).isEmpty();
        assertThat(TemplateValues.fit(THING, "\uD800孤")).contains("孤");
    }

    @Test
    void should_remove_chinese_from_a_character_string_and_keep_ascii_brackets_of_a_doc_number() {
        assertThat(fit(CHARACTER_STRING, "通文广旅发〔2021〕12号")).isEqualTo("[2021]12");
        assertThat(fit(CHARACTER_STRING, "014150394/2021-00012")).isEqualTo("014150394/2021-00012");
        assertThat(fit(CHARACTER_STRING, "ＡＢＣ－１２３")).isEqualTo("ABC-123");
        assertThat(fit(CHARACTER_STRING, "No. 12 号")).isEqualTo("No.12");
        assertThat(fit(CHARACTER_STRING, "x".repeat(40))).hasSize(32);
        assertThat(TemplateValues.fit(CHARACTER_STRING, "政府信息公开")).isEmpty();
    }

    @Test
    void should_keep_only_the_first_five_chinese_characters_of_a_phrase() {
        assertThat(fit(PHRASE, "已发布")).isEqualTo("已发布");
        assertThat(fit(PHRASE, "关于2026年度政府信息公开")).isEqualTo("关于年度政");
        assertThat(fit(PHRASE, "《通知》：已发布！")).isEqualTo("通知已发布");
        // an ideograph outside the BMP is one character, kept whole
        String extB = "\uD842\uDFB7";
        assertThat(fit(PHRASE, extB + "家乐福超市")).isEqualTo(extB + "家乐福超").satisfies(v -> assertThat(wellFormed(v)).isTrue());
        assertThat(TemplateValues.fit(PHRASE, "Notice 2026")).isEmpty();
    }

    @Test
    void should_take_a_number_whole_or_not_at_all() {
        assertThat(fit(NUMBER, "第12.5期")).isEqualTo("12.5");
        assertThat(fit(NUMBER, "２０２６年")).isEqualTo("2026");
        assertThat(TemplateValues.fit(NUMBER, "1".repeat(33))).isEmpty();
        assertThat(fit(NUMBER, "1".repeat(32))).hasSize(32);
        assertThat(TemplateValues.fit(NUMBER, "无")).isEmpty();
    }

    @Test
    void should_keep_letters_and_symbols_only_where_the_type_wants_them() {
        assertThat(fit(LETTER, "abc中文DEF123")).isEqualTo("abcDEF");
        assertThat(TemplateValues.fit(LETTER, "中文")).isEmpty();
        assertThat(fit(SYMBOL, "【通知】!?#")).isEqualTo("【】!?#");
        assertThat(fit(SYMBOL, "-+*/=%&")).isEqualTo("-+*/=");
        assertThat(TemplateValues.fit(SYMBOL, "通知")).isEmpty();
    }

    @Test
    void should_write_an_amount_with_its_currency_sign_and_refuse_one_too_long() {
        assertThat(fit(AMOUNT, "收费标准：￥12.50元")).isEqualTo("¥12.50");
        assertThat(fit(AMOUNT, "12")).isEqualTo("¥12");
        assertThat(fit(AMOUNT, "$3")).isEqualTo("$3");
        assertThat(TemplateValues.fit(AMOUNT, "12345678901")).isEmpty();
        assertThat(TemplateValues.fit(AMOUNT, "免费")).isEmpty();
    }

    @Test
    void should_keep_a_telephone_number_whole_or_not_at_all() {
        assertThat(fit(PHONE_NUMBER, "咨询电话：0513-85123456")).isEqualTo("0513-85123456");
        assertThat(fit(PHONE_NUMBER, "+86-0513-85123456")).isEqualTo("+86-0513-85123456");
        assertThat(TemplateValues.fit(PHONE_NUMBER, "0513-85123456-1234")).isEmpty();
        assertThat(TemplateValues.fit(PHONE_NUMBER, "无")).isEmpty();
    }

    @Test
    void should_accept_a_car_number_of_the_documented_shape_only() {
        assertThat(fit(CAR_NUMBER, "苏F·12345")).isEqualTo("苏F12345");
        assertThat(fit(CAR_NUMBER, "粤a8z888挂")).isEqualTo("粤A8Z888挂");
        assertThat(TemplateValues.fit(CAR_NUMBER, "苏F12345678")).isEmpty();
        assertThat(TemplateValues.fit(CAR_NUMBER, "苏苏F1234")).isEmpty();
    }

    @Test
    void should_count_a_name_with_chinese_as_chinese_and_one_without_as_letters() {
        assertThat(fit(NAME, "张三")).isEqualTo("张三");
        assertThat(fit(NAME, "欧阳娜娜Nana")).isEqualTo("欧阳娜娜Nana");
        assertThat(fit(NAME, "一二三四五六七八九十百千")).isEqualTo("一二三四五六七八九十");
        assertThat(fit(NAME, "John Smith 3rd")).isEqualTo("John Smith rd");
        assertThat(fit(NAME, "A".repeat(25))).hasSize(20);
    }

    @Test
    void should_show_a_time_and_a_date_in_the_hubs_zone_as_the_docs_examples_do() {
        Instant at = Instant.parse("2026-11-05T02:03:00Z");
        assertThat(TemplateValues.moment(TIME, at, SHANGHAI)).contains("2026年11月5日 10:03");
        assertThat(TemplateValues.moment(DATE, at, SHANGHAI)).contains("2026年11月5日");
        assertThat(TemplateValues.moment(TIME, Instant.parse("2026-12-31T16:30:00Z"), SHANGHAI)).contains("2027年1月1日 00:30");
        assertThat(TemplateValues.moment(THING, at, SHANGHAI)).contains("2026年11月5日 10:03");
        assertThat(TemplateValues.moment(CHARACTER_STRING, at, SHANGHAI)).isEqualTo(Optional.of("202611510:03"));
    }

    @Test
    void should_pass_a_fixed_time_date_or_const_as_written_on_one_line() {
        assertThat(fit(TIME, "15:01")).isEqualTo("15:01");
        assertThat(fit(CONST, " 已办结\n")).isEqualTo("已办结");
        assertThat(TemplateValues.fit(CONST, "")).isEmpty();
    }
}
