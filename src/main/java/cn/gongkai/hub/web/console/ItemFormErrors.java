package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's field problems ({@link HubException.FieldError}, in English for the API) in words for office staff, one
 * entry per form field; the English stays as detail.
 */
public final class ItemFormErrors {
    private static final Pattern TOO_LONG = Pattern.compile("is (\\d+) characters long; the limit is (\\d+)");

    /** One field's problem: what the page says, and the service's own words. */
    public record Problem(String message, String detail) {
    }

    private ItemFormErrors() {
    }

    static Map<String, Problem> of(List<HubException.FieldError> errors) {
        Map<String, Problem> out = new LinkedHashMap<>();
        for (HubException.FieldError e : errors) {
            out.merge(e.field(), new Problem(words(e.field(), e.problem()), e.problem()),
                    (a, b) -> new Problem(a.message() + " " + b.message(), a.detail() + "; " + b.detail()));
        }
        return out;
    }

    static String words(String field, String problem) {
        String p = problem == null ? "" : problem;
        Matcher long_ = TOO_LONG.matcher(p);
        if (long_.find()) {
            return "内容太长（" + long_.group(1) + " 字），最多 " + long_.group(2) + " 字。";
        }
        boolean missing = p.startsWith("is required") || p.startsWith("must not be blank") || p.startsWith("must name at least");
        return switch (field) {
            case "channels" -> missing ? "请至少选择一个发布渠道。" : "所选渠道没有配置或已停用，请重新选择。";
            case "category" -> missing ? "请选择栏目。" : "请从列表中选择栏目。";
            case "disclosure" -> "请选择主动公开、依申请公开或不予公开。";
            case "urgency" -> "请选择普通或紧急。";
            case "formedAt" -> p.contains("in the future") ? "不能晚于今天。"
                    : p.contains("before") ? "不能早于 2000 年。" : "请按“年-月-日”填写日期，例如 2024-05-20。";
            case "file" -> p.contains("at most") ? "附件数量已达上限。" : p.contains("larger") || p.contains("bytes")
                    ? "文件太大，无法上传。" : "文件名不能使用，请改名后再上传（不要含斜杠、控制字符等）。";
            default -> missing ? "必填，请填写。" : "填写有误，请检查。";
        };
    }
}
