package cn.gongkai.hub.web.console;

import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.review.scan.Finding;
import cn.gongkai.hub.review.scan.FindingSpan;
import cn.gongkai.hub.review.scan.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scan's findings shown in place: each field's text cut into plain and marked segments (a template prints every
 * segment with {@code th:text}, so nothing of the text is ever read as HTML), each mark carrying the numbers of the
 * findings it stands for, and the numbered list of findings the marks link to. Overlapping findings share one mark,
 * which blocks if any of them does.
 */
public final class ItemHighlights {

    /** A run of the field's text; {@code mark} is {@code block}, {@code warn} or null (plain). */
    public record Segment(String text, String mark, List<Integer> numbers) {
        public boolean marked() {
            return mark != null;
        }

        /** The id of the mark, the target of the list's 在文中查看 link: {@code mark-3} for the first finding it holds. */
        public String anchor() {
            return numbers.isEmpty() ? null : "mark-" + numbers.get(0);
        }
    }

    /** One finding as the list shows it: its number, and the field's mark id if it was located in the text. */
    public record Numbered(int number, Finding finding, String severity, String rule, String field, String anchor) {
        public boolean blocks() {
            return finding.severity() == Severity.BLOCK;
        }
    }

    /** One field of the item with its marks; {@code excerpt}: only the finding's excerpt is shown, not the whole text. */
    public record Field(String key, String label, List<Segment> segments, boolean excerpt) {
    }

    public record Highlighted(List<Field> fields, List<Numbered> findings) {
        public long blocking() {
            return findings.stream().filter(Numbered::blocks).count();
        }
    }

    private ItemHighlights() {
    }

    /** The item's title, summary and body (always) and every other field a finding is in, highlighted. */
    static Highlighted of(ItemContent c, List<Finding> findings) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("title", c.title());
        texts.put("summary", c.summary());
        texts.put("body", c.body());
        texts.put("docNumber", c.docNumber());
        texts.put("issuer", c.issuer());
        for (Attachment a : c.attachments()) {
            texts.put("attachment:" + a.name(), a.name());
        }
        List<Numbered> numbered = new ArrayList<>();
        Map<String, List<Located>> byField = new LinkedHashMap<>();
        List<Field> excerpts = new ArrayList<>();
        int n = 0;
        for (Finding f : findings) {
            n++;
            String text = texts.get(f.field());
            Optional<FindingSpan> span = Finding.NOT_SCANNED.equals(f.rule()) ? Optional.empty()
                    : text != null ? FindingSpan.of(f, text)
                    : f.field().startsWith("attachment-text:") ? FindingSpan.inExcerpt(f) : Optional.empty();
            String anchor = span.isPresent() ? "mark-" + n : null;
            numbered.add(new Numbered(n, f, f.severity() == Severity.BLOCK ? "阻止发布" : "提醒", ruleLabel(f.rule()), fieldLabel(f.field()), anchor));
            if (span.isEmpty()) {
                continue;
            }
            if (text != null) {
                byField.computeIfAbsent(f.field(), k -> new ArrayList<>()).add(new Located(n, f.severity(), span.get()));
            } else {
                excerpts.add(new Field(f.field(), fieldLabel(f.field()) + "（摘录）",
                        segments(f.excerpt(), List.of(new Located(n, f.severity(), span.get()))), true));
            }
        }
        // a mark merged into an earlier one is found under that one's anchor
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            List<Located> here = byField.getOrDefault(e.getKey(), List.of());
            boolean always = e.getKey().equals("title") || e.getKey().equals("summary") || e.getKey().equals("body");
            if (e.getValue() != null && (always || !here.isEmpty())) {
                fields.add(new Field(e.getKey(), fieldLabel(e.getKey()), segments(e.getValue(), here), false));
            }
        }
        fields.addAll(excerpts);
        Map<Integer, String> anchors = new java.util.HashMap<>();
        for (Field f : fields) {
            for (Segment s : f.segments()) {
                s.numbers().forEach(k -> anchors.put(k, s.anchor()));
            }
        }
        List<Numbered> list = numbered.stream().map(x -> new Numbered(x.number(), x.finding(), x.severity(), x.rule(), x.field(),
                x.anchor() == null ? null : anchors.get(x.number()))).toList();
        return new Highlighted(List.copyOf(fields), list);
    }

    /** A finding located in a text: its number, severity and span. */
    public record Located(int number, Severity severity, FindingSpan span) {
    }

    /** {@code text} cut at the spans; overlapping spans become one mark holding all their numbers. */
    static List<Segment> segments(String text, List<Located> located) {
        List<Located> sorted = located.stream().filter(l -> l.span().end() <= text.length())
                .sorted(Comparator.comparingInt((Located l) -> l.span().start()).thenComparingInt(Located::number)).toList();
        List<Segment> out = new ArrayList<>();
        int at = 0;
        int i = 0;
        while (i < sorted.size()) {
            Located first = sorted.get(i);
            int start = first.span().start();
            int end = first.span().end();
            boolean block = first.severity() == Severity.BLOCK;
            List<Integer> numbers = new ArrayList<>(List.of(first.number()));
            i++;
            while (i < sorted.size() && sorted.get(i).span().start() < end) {
                Located next = sorted.get(i++);
                end = Math.max(end, next.span().end());
                block |= next.severity() == Severity.BLOCK;
                numbers.add(next.number());
            }
            if (start > at) {
                out.add(new Segment(text.substring(at, start), null, List.of()));
            }
            out.add(new Segment(text.substring(start, end), block ? "block" : "warn", List.copyOf(numbers)));
            at = end;
        }
        if (at < text.length() || out.isEmpty()) {
            out.add(new Segment(text.substring(at), null, List.of()));
        }
        return List.copyOf(out);
    }

    static String fieldLabel(String field) {
        if (field.startsWith("attachment-text:")) {
            return "附件内容：" + field.substring("attachment-text:".length());
        }
        if (field.startsWith("attachment:")) {
            return "附件名：" + field.substring("attachment:".length());
        }
        return switch (field) {
            case "title" -> "标题";
            case "summary" -> "摘要";
            case "body" -> "正文";
            case "docNumber" -> "文号";
            case "issuer" -> "发布机构";
            default -> field;
        };
    }

    static String ruleLabel(String rule) {
        return switch (rule) {
            case "classification-mark" -> "密级标志";
            case "sensitive-word" -> "敏感词";
            case "personal-info" -> "个人信息";
            case "restricted-document" -> "不予公开文件";
            case Finding.NOT_SCANNED -> "未能扫描";
            case "led-characters" -> "显示屏无法显示的字";
            default -> rule;
        };
    }
}
