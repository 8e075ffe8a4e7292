package cn.gongkai.hub.review.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PersonalInfoRuleTest {

    private final PersonalInfoRule rule = new PersonalInfoRule(PersonalInfoSeverities.DEFAULTS);

    private List<Finding> scan(String text) {
        return scan(rule, text);
    }

    private static List<Finding> scan(PersonalInfoRule rule, String text) {
        List<Finding> out = new ArrayList<>();
        rule.scan("body", text, out);
        return out;
    }

    /** GB 11643 check char, written out here independently of the rule. */
    private static char checkChar(String body17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += Character.digit(body17.charAt(i), 10) * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    private static char luhnDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    private static String validId(String body17) {
        return body17 + checkChar(body17);
    }

    private static String wrongCheck(String id) {
        char right = id.charAt(17);
        char wrong = right == '1' ? '2' : '1';
        return id.substring(0, 17) + wrong;
    }

    @Test
    void should_find_a_valid_resident_id_number() {
        String id = validId("11010519491231002");
        assertThat(id).isEqualTo("11010519491231002X");
        String text = "申请人张某，身份证号" + id + "，住北京市朝阳区。";

        List<Finding> findings = scan(text);

        assertThat(findings).extracting(Finding::severity, Finding::offset, Finding::rule)
                .containsExactly(tuple(Severity.BLOCK, 10, "personal-info"));
        assertThat(findings.get(0).message()).contains("身份证");
        assertThat(findings.get(0).id()).isEqualTo("personal-info:body:10");
    }

    @Test
    void should_mask_the_number_in_the_excerpt() {
        String text = "身份证号11010519491231002X，";

        assertThat(scan(text).get(0).excerpt()).isEqualTo("身份证号110105********002X，");
    }

    @Test
    void should_accept_lower_case_and_full_width_check_char() {
        assertThat(scan("证号11010519491231002x。")).hasSize(1);
        assertThat(scan("证号１１０１０５１９４９１２３１００２Ｘ。")).extracting(Finding::offset).containsExactly(2);
    }

    @Test
    void should_ignore_id_number_with_wrong_check_digit() {
        assertThat(scan("身份证号" + wrongCheck(validId("32060219850612341")) + "。")).isEmpty();
    }

    @Test
    void should_ignore_id_number_with_impossible_birth_date() {
        String month13 = validId("32060219851312341");
        String future = validId("32060221990612341");

        assertThat(scan("证号" + month13)).isEmpty();
        assertThat(scan("证号" + future)).isEmpty();
    }

    @Test
    void should_ignore_random_eighteen_digit_numbers_as_ids() {
        Random random = new Random(20240601);
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < 2000; n++) {
            text.append("编号");
            for (int i = 0; i < 18; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            text.append('；');
        }

        assertThat(scan(text.toString())).extracting(Finding::message).noneMatch(m -> m.contains("身份证"));
    }

    @Test
    void should_ignore_an_id_inside_a_longer_digit_run() {
        String id = validId("11010519491231002");
        assertThat(scan("流水号9" + id.substring(0, 17) + "0")).extracting(Finding::message)
                .noneMatch(m -> m.contains("身份证"));
    }

    @Test
    void should_report_an_id_that_also_passes_luhn_as_an_id_only() {
        String id = null;
        for (int seq = 100; seq < 999 && id == null; seq++) {
            String candidate = validId("32060219850612" + seq);
            if (Character.isDigit(candidate.charAt(17)) && PersonalInfoRule.isLuhn(candidate)) {
                id = candidate;
            }
        }
        assertThat(id).isNotNull();

        assertThat(scan("证号" + id)).extracting(Finding::message).singleElement()
                .satisfies(m -> assertThat(m).contains("身份证"));
    }

    @Test
    void should_find_id_written_in_groups() {
        assertThat(scan("证号 110105 19491231 002X 。")).extracting(Finding::offset).containsExactly(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1101051949 1231002X", "110105 1949 1231 002X", "110105.19491231.002X", "110105-19491231-002X",
            "11010519 4912 31002X", "１１０１０５　１９４９１２３１００２Ｘ"})
    void should_find_an_id_number_in_any_grouping(String id) {
        String text = "申请人身份证号" + id + "，住址略。";

        assertThat(scan(text)).extracting(Finding::offset, Finding::severity)
                .containsExactly(tuple(7, Severity.BLOCK));
        assertThat(scan(text).get(0).excerpt()).doesNotContain("1949").doesNotContain("１９４９");
    }

    @Test
    void should_not_join_groups_whose_digits_do_not_make_a_valid_id() {
        String wrong = wrongCheck(validId("11010519491231002"));

        assertThat(scan("编号" + wrong.substring(0, 10) + " " + wrong.substring(10) + "。")).isEmpty();
        assertThat(scan("编号 110105 19491331 0021")).isEmpty();
    }

    @Test
    void should_find_an_id_number_after_other_numbers_on_the_same_line() {
        String text = "序号 2 证号 110105 19491231 002X";

        assertThat(scan(text)).extracting(Finding::offset).containsExactly(text.indexOf("110105"));
        assertThat(scan("2020 110105 19491231 002X")).extracting(Finding::offset).containsExactly(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+86 138 1234 5678", "+86-138-1234-5678", "+8613812345678", "0086 13812345678",
            "008613812345678", "＋86 138 1234 5678"})
    void should_find_a_mobile_after_the_country_code_and_start_the_finding_there(String number) {
        String text = "联系电话" + number + "。";

        List<Finding> findings = scan(text);

        assertThat(findings).extracting(Finding::offset, Finding::severity).containsExactly(tuple(4, Severity.WARN));
        assertThat(findings.get(0).excerpt()).contains("****").doesNotContain("1234");
    }

    @ParameterizedTest
    @ValueSource(strings = {"138.1234.5678", "1381234 5678", "138 12345678"})
    void should_find_a_mobile_in_groups_of_at_least_three_digits(String number) {
        assertThat(scan("电话" + number + "。")).extracting(Finding::offset).containsExactly(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2019 2020 2021 2022", "2017-2018-2019-2020", "1 38 1234 5678", "0513-12345678", "0513 8512 3456",
            "400-820-8820", "12345", "1,234,567.89", "2020.12.31", "第86 138号", "嘉政办发〔2017〕104号",
            "第1 3 5 7 9 11 13 15 17 19 21项", "2024年3月15日", "192.168.100.200"})
    void should_keep_ordinary_numbers_clean(String text) {
        assertThat(scan("内容：" + text + "。")).isEmpty();
    }

    @Test
    void should_not_take_a_luhn_valid_serial_for_a_card_unless_it_starts_like_one() {
        String serial = "202012311234567";
        String luhnSerial = serial + luhnDigit(serial);
        String card = "622202123456789" + luhnDigit("622202123456789");

        assertThat(scan("受理编号" + luhnSerial + "。")).isEmpty();
        assertThat(scan("卡号" + card + "。")).hasSize(1);
    }

    @Test
    void should_find_mobile_number_with_warn_by_default() {
        List<Finding> findings = scan("联系人王某，电话13812345678。");

        assertThat(findings).extracting(Finding::severity, Finding::offset).containsExactly(tuple(Severity.WARN, 8));
        assertThat(findings.get(0).message()).contains("手机号码");
        assertThat(findings.get(0).excerpt()).isEqualTo("联系人王某，电话138****5678。");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901", "10012345678", "138123456789", "9913812345678", "1381234567", "12345"})
    void should_ignore_numbers_that_are_not_whole_mobile_numbers(String number) {
        assertThat(scan("号码" + number + "。")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"138 1234 5678", "138-1234-5678", "１３８１２３４５６７８"})
    void should_find_mobile_number_written_in_groups_or_full_width(String number) {
        assertThat(scan("电话" + number + "。")).extracting(Finding::offset).containsExactly(2);
    }

    @Test
    void should_use_the_policy_severity_per_kind() {
        PersonalInfoRule strict = new PersonalInfoRule(
                new PersonalInfoSeverities(Severity.WARN, Severity.BLOCK, null, Severity.BLOCK));

        assertThat(scan(strict, "电话13812345678，邮箱wang.li@example.com，证号11010519491231002X"))
                .extracting(Finding::severity)
                .containsExactly(Severity.BLOCK, Severity.WARN, Severity.BLOCK);
    }

    @Test
    void should_find_luhn_valid_bank_card_number() {
        String card = "622202123456789" + luhnDigit("622202123456789");
        assertThat(card).hasSize(16);

        List<Finding> findings = scan("补助资金已打入账户" + card + "。");

        assertThat(findings).extracting(Finding::severity, Finding::offset).containsExactly(tuple(Severity.BLOCK, 9));
        assertThat(findings.get(0).message()).contains("银行卡号");
    }

    @Test
    void should_ignore_luhn_invalid_card_number() {
        String body = "622202123456789";
        char wrong = (char) ('0' + (luhnDigit(body) - '0' + 1) % 10);

        assertThat(scan("账户" + body + wrong + "。")).isEmpty();
    }

    @Test
    void should_find_nineteen_digit_and_grouped_card_numbers() {
        String nineteen = "621700123456789012" + luhnDigit("621700123456789012");
        String sixteen = "6222021234567890".substring(0, 15);
        String grouped = (sixteen + luhnDigit(sixteen)).replaceAll("(\\d{4})(?=\\d)", "$1 ");

        assertThat(scan("卡号" + nineteen + "。")).hasSize(1);
        assertThat(scan("卡号" + grouped + "。")).extracting(Finding::offset).containsExactly(2);
    }

    @Test
    void should_find_email_address_and_mask_local_part() {
        List<Finding> findings = scan("请发送至邮箱zhangsan.li@gov-office.cn，谢谢");

        assertThat(findings).extracting(Finding::severity, Finding::offset).containsExactly(tuple(Severity.WARN, 6));
        assertThat(findings.get(0).excerpt()).isEqualTo("请发送至邮箱z*******.**@gov-office.cn，谢谢");
    }

    @Test
    void should_find_nothing_in_the_seed_texts() {
        assertThat(Seeds.all().values()).allSatisfy(seed -> assertThat(scan(seed)).isEmpty());
    }
}
