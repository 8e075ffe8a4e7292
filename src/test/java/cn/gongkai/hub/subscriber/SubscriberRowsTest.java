package cn.gongkai.hub.subscriber;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberRowsTest {
    private static final Set<String> DIMENSIONS = new LinkedHashSet<>(List.of("区域", "群体", "行业"));

    @TempDir
    Path dir;

    @Test
    void should_accept_a_full_row_and_normalise_every_field() {
        SubscriberRows.Checked checked = check(Map.of(
                "name", "  张伟 ", "mobile", "+86 138-1234-5678", "email", " Zhang.Wei@Example.CN ",
                "wechatOpenId", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "qqNumber", " 123456789012 ",
                "tags", "区域:崇川区；群体：老年人; 区域 : 崇川区 ;", "preferredChannels", "微信、短信, email",
                "consent", "短信;SMS;wechat"));

        assertThat(checked.ok()).isTrue();
        assertThat(checked.row()).isEqualTo(7);
        assertThat(checked.input()).isEqualTo(new SubscriberInput("张伟", "13812345678", "Zhang.Wei@example.cn", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M",
                "123456789012", List.of("区域:崇川区", "群体:老年人"), List.of(Reach.WECHAT, Reach.SMS, Reach.EMAIL), List.of(Reach.SMS, Reach.WECHAT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"13812345678", "+8613812345678", "008613812345678", "8613812345678", "138 1234 5678", "138-1234-5678",
            "１３８１２３４５６７８", "+86 138\u00a01234\u30005678"})
    void should_accept_a_mobile_with_a_country_code_spaces_dashes_or_full_width_digits(String mobile) {
        assertThat(check(Map.of("name", "张伟", "mobile", mobile)).input().mobile()).isEqualTo("13812345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1381234567", "12812345678", "138123456789", "+85291234567", "02512345678", "1381234567x", "86138123456"})
    void should_refuse_a_mobile_that_is_not_a_mainland_mobile_number(String mobile) {
        assertThat(check(Map.of("name", "张伟", "mobile", mobile)).errors())
                .containsExactly(new RowError(7, "mobile", "\"" + mobile + "\" is not an 11-digit mainland mobile number"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "zhang@|\"zhang@\" is not an e-mail address",
            "zhang|\"zhang\" is not an e-mail address (it has no @)",
            "zhang wei@163.com|\"zhang wei@163.com\" is not an e-mail address",
            "a@b.cn, c@d.cn|\"a@b.cn, c@d.cn\" holds more than one address: one per person",
            "张伟 <zw@163.com>|\"张伟 <zw@163.com>\" has more than the address: write zw@163.com only",
            "<zw@163.com>|\"<zw@163.com>\" has more than the address: write zw@163.com only",
            "zw@localhost|\"zw@localhost\" is not an e-mail address (it needs a domain such as example.cn after the @)",
            "zw@[10.0.0.1]|\"zw@[10.0.0.1]\" is not an e-mail address (it needs a domain such as example.cn after the @)"})
    void should_refuse_an_email_that_is_not_one_plain_address(String email, String problem) {
        assertThat(check(Map.of("name", "张伟", "email", email)).errors()).containsExactly(new RowError(7, "email", problem));
    }

    @Test
    void should_refuse_a_wrong_openid_or_qq_number() {
        assertThat(check(Map.of("name", "张伟", "wechatOpenId", "o6_bm", "qqNumber", "012345")).errors()).containsExactly(
                new RowError(7, "wechatOpenId", "\"o6_bm\" is not a WeChat openid (20 to 64 letters, digits, _ or -)"),
                new RowError(7, "qqNumber", "\"012345\" is not a QQ number (5 to 12 digits, not starting with 0)"));
        assertThat(check(Map.of("name", "张伟", "qqNumber", "1234567890123")).errors()).hasSize(1);
        assertThat(check(Map.of("name", "张伟", "wechatOpenId", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M!")).errors()).hasSize(1);
    }

    @Test
    void should_refuse_an_unknown_tag_dimension_naming_the_configured_ones() {
        assertThat(check(Map.of("name", "张伟", "mobile", "13812345678", "tags", "区域:崇川区;年龄段:60岁以上")).errors())
                .containsExactly(new RowError(7, "tags", "unknown tag dimension '年龄段'; configured: 区域, 群体, 行业"));
    }

    @Test
    void should_refuse_a_tag_without_colon_or_value_or_with_a_long_value() {
        assertThat(check(Map.of("name", "张伟", "mobile", "13812345678", "tags", "崇川区;区域：;群体:" + "长".repeat(51))).errors()).containsExactly(
                new RowError(7, "tags", "\"崇川区\" is not 维度:值 (e.g. 区域:崇川区)"),
                new RowError(7, "tags", "\"区域：\" has no value after the colon"),
                new RowError(7, "tags", "the value of \"群体:" + "长".repeat(51) + "\" is longer than 50 characters (51)"));
    }

    @Test
    void should_refuse_an_unknown_channel() {
        assertThat(check(Map.of("name", "张伟", "mobile", "13812345678", "preferredChannels", "短信;飞信", "consent", "fax")).errors()).containsExactly(
                new RowError(7, "preferredChannels", "unknown channel '飞信'; one of sms, wechat, email, qq (or 短信, 微信, 邮件, QQ)"),
                new RowError(7, "consent", "unknown channel 'fax'; one of sms, wechat, email, qq (or 短信, 微信, 邮件, QQ)"));
    }

    @Test
    void should_allow_a_preferred_channel_the_person_has_no_address_for() {
        SubscriberRows.Checked checked = check(Map.of("name", "张伟", "mobile", "13812345678", "preferredChannels", "微信;短信"));
        assertThat(checked.input().preferredChannels()).containsExactly(Reach.WECHAT, Reach.SMS);
    }

    @Test
    void should_require_a_name_and_an_address() {
        assertThat(check(Map.of("name", " ", "mobile", "", "tags", "区域:崇川区")).errors()).containsExactly(
                new RowError(7, "name", "is empty: every row needs a name"),
                new RowError(7, null, "has no address: give at least one of mobile, email, wechatOpenId or qqNumber"));
        assertThat(SubscriberRows.check(new RawRow(3, Map.of("mobile", "13812345678")), DIMENSIONS).errors())
                .containsExactly(new RowError(3, "name", "is empty: every row needs a name"));
    }

    @Test
    void should_refuse_a_name_longer_than_50_characters_or_with_a_line_break() {
        assertThat(check(Map.of("name", "张".repeat(50), "mobile", "13812345678")).ok()).isTrue();
        assertThat(check(Map.of("name", "张".repeat(51), "mobile", "13812345678")).errors())
                .containsExactly(new RowError(7, "name", "\"" + "张".repeat(51) + "\" is longer than 50 characters (51)"));
        assertThat(check(Map.of("name", "李\n四", "mobile", "13812345678")).errors())
                .containsExactly(new RowError(7, "name", "\"李 四\" holds a line break or a control character"));
    }

    @Test
    void should_report_every_problem_of_a_row_at_once() {
        SubscriberRows.Checked checked = SubscriberRows.check(new RawRow(9, Map.of("name", "张伟", "mobile", "1381234567", "email", "zw@",
                "tags", "行当:文化"), List.of("13812345678")), DIMENSIONS);

        assertThat(checked.ok()).isFalse();
        assertThat(checked.input()).isNull();
        assertThat(checked.errors()).extracting(RowError::describe).containsExactly(
                "row 9: has values in columns without a header: \"13812345678\" (a comma inside a CSV field needs the field in double quotes)",
                "row 9, mobile: \"1381234567\" is not an 11-digit mainland mobile number",
                "row 9, email: \"zw@\" is not an e-mail address",
                "row 9, tags: unknown tag dimension '行当'; configured: 区域, 群体, 行业");
    }

    @Test
    void should_report_a_duplicate_mobile_email_or_openid_with_the_row_that_had_it_first() {
        DuplicateCheck duplicates = new DuplicateCheck();
        SubscriberInput first = input("13812345678", "Zhang@163.com", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M");

        assertThat(duplicates.check(2, first)).isEmpty();
        assertThat(duplicates.check(3, input("13912345678", null, null))).isEmpty();
        assertThat(duplicates.check(5, input("13812345678", "zhang@163.com", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"))).containsExactly(
                new RowError(5, "mobile", "duplicate of row 2"), new RowError(5, "email", "duplicate of row 2"),
                new RowError(5, "wechatOpenId", "duplicate of row 2"));
        assertThat(duplicates.check(6, input("13712345678", null, null))).isEmpty();
    }

    @Test
    void should_not_remember_the_addresses_of_a_duplicate_row() {
        DuplicateCheck duplicates = new DuplicateCheck();
        duplicates.check(2, input("13812345678", null, null));

        assertThat(duplicates.check(3, input("13812345678", "new@163.com", null))).containsExactly(new RowError(3, "mobile", "duplicate of row 2"));
        assertThat(duplicates.check(4, input("13912345678", "new@163.com", null))).as("row 3 was not imported").isEmpty();
        assertThat(duplicates.size()).isEqualTo(3);
    }

    @Test
    void should_find_the_first_row_of_a_key() {
        DuplicateCheck duplicates = new DuplicateCheck(4);
        assertThat(duplicates.firstRowWith("a", 2)).isEmpty();
        assertThat(duplicates.firstRowWith("b", 3)).isEmpty();
        assertThat(duplicates.firstRowWith("a", 9)).contains(2);
        assertThat(duplicates.firstRowWith("b", 10)).contains(3);
    }

    @Test
    void should_keep_the_keys_of_100000_rows_without_a_false_duplicate() {
        DuplicateCheck duplicates = new DuplicateCheck();
        for (Iterator<SubscriberInput> it = SubscriberFiles.people(100_000); it.hasNext(); ) {
            SubscriberInput p = it.next();
            assertThat(duplicates.check(duplicates.size() + 2, p)).isEmpty();
        }
        assertThat(duplicates.size()).isGreaterThan(200_000);
        assertThat(duplicates.check(1_000_000, SubscriberFiles.person(99_999))).isNotEmpty();
    }

    @Test
    void should_report_bad_rows_of_a_csv_with_their_row_and_column_while_good_rows_pass() throws IOException {
        String text = "\uFEFF姓名,手机号,邮箱,标签\r\n"
                + "张伟,13812345678,zw@163.com,区域:崇川区\r\n"          // 2 good
                + "\"李,娜\",1381234567,,区域:海门区\r\n"               // 3 bad mobile
                + "\"王\r\n芳\",13912345678,wf@,区域:通州区\r\n"          // 4-5 bad e-mail (and a line break in the name)
                + "\r\n"                                              // 6 blank
                + "赵敏,13712345678,zm@163.com,行业:文化;年龄:70\r\n"     // 7 unknown dimension 年龄
                + "钱强,13812345678,qq@163.com,区域:如东县\r\n"          // 8 duplicate mobile of row 2
                + "孙丽,13612345678,,区域:启东市\r\n";                  // 9 good
        Path file = Files.write(dir.resolve("bad.csv"), text.getBytes(StandardCharsets.UTF_8));

        Result result = importFile(file);

        assertThat(result.good).containsExactly(2, 9);
        assertThat(result.errors).extracting(RowError::describe).containsExactly(
                "row 3, mobile: \"1381234567\" is not an 11-digit mainland mobile number",
                "row 4, name: \"王  芳\" holds a line break or a control character",
                "row 4, email: \"wf@\" is not an e-mail address",
                "row 7, tags: unknown tag dimension '年龄'; configured: 区域, 群体, 行业",
                "row 8, mobile: duplicate of row 2");
    }

    @Test
    void should_report_bad_rows_of_an_xlsx_with_their_sheet_row_number() throws IOException {
        Path file = dir.resolve("bad.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = wb.createSheet();
            row(sheet.createRow(0), "name", "mobile", "qqNumber");
            row(sheet.createRow(1), "张伟", "13812345678", "10001");
            row(sheet.createRow(4), "李娜", "1391234567", "10002");
            row(sheet.createRow(5), "王芳", "13712345678", "01234");
            wb.write(out);
        }

        Result result = importFile(file);

        assertThat(result.good).containsExactly(2);
        assertThat(result.errors).containsExactly(
                new RowError(5, "mobile", "\"1391234567\" is not an 11-digit mainland mobile number"),
                new RowError(6, "qqNumber", "\"01234\" is not a QQ number (5 to 12 digits, not starting with 0)"));
    }

    /** What the lead's import job does with the pieces: read, check, then look for duplicates among the good rows. */
    private Result importFile(Path file) throws IOException {
        Result result = new Result();
        DuplicateCheck duplicates = new DuplicateCheck();
        try (SubscriberFileReader reader = SubscriberFileReader.open(file, file.getFileName().toString())) {
            for (Optional<RawRow> raw = reader.next(); raw.isPresent(); raw = reader.next()) {
                SubscriberRows.Checked checked = SubscriberRows.check(raw.get(), DIMENSIONS);
                List<RowError> errors = checked.ok() ? duplicates.check(checked.row(), checked.input()) : checked.errors();
                if (errors.isEmpty()) {
                    result.good.add(checked.row());
                }
                result.errors.addAll(errors);
            }
        }
        return result;
    }

    private static final class Result {
        final List<Integer> good = new ArrayList<>();
        final List<RowError> errors = new ArrayList<>();
    }

    private static void row(Row row, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            row.createCell(i).setCellValue(cells[i]);
        }
    }

    private static SubscriberRows.Checked check(Map<String, String> values) {
        return SubscriberRows.check(new RawRow(7, new HashMap<>(values)), DIMENSIONS);
    }

    private static SubscriberInput input(String mobile, String email, String openId) {
        return new SubscriberInput("张伟", mobile, email, openId, null, List.of(), List.of(), List.of());
    }
}
