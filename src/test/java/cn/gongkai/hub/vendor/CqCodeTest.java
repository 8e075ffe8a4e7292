package cn.gongkai.hub.vendor;

import cn.gongkai.hub.vendor.CqCode.Segment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CqCodeTest {

    @Test
    void should_split_text_and_codes_and_unescape_both() {
        List<Segment> s = CqCode.parse("[CQ:face,id=178]看看&#91;图&#93;[CQ:share,title=震惊&#44;小伙,url=http://baidu.com/?a=1&amp;b=2]");

        assertThat(s).containsExactly(
                new Segment("face", Map.of("id", "178")),
                Segment.text("看看[图]"),
                new Segment("share", Map.of("title", "震惊,小伙", "url", "http://baidu.com/?a=1&b=2")));
    }

    @Test
    void should_keep_an_equals_sign_inside_a_value_and_read_an_unclosed_code_as_text() {
        assertThat(CqCode.parse("[CQ:share,title=标题中有=等号,url=x]").get(0).data()).containsEntry("title", "标题中有=等号");
        assertThat(CqCode.parse("公告 [CQ:at,qq=all")).containsExactly(Segment.text("公告 [CQ:at,qq=all"));
    }

    @Test
    void should_round_trip_escaped_text_as_one_text_segment() {
        String item = "第[3]号 & [CQ:at,qq=all] &amp;";

        assertThat(CqCode.parse(CqCode.escapeText(item))).containsExactly(Segment.text(item));
    }
}
