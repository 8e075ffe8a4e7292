package cn.gongkai.hub.web.console;

import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.ItemContent;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What changed between the version approved last and the one under review, for the 审查页: each changed field as
 * HTML with {@code <del>} (removed) and {@code <ins>} (added) inside escaped text. Words are runs of Latin letters and
 * digits; every other character (a Chinese character, a punctuation mark) is a word of its own, so a changed 字 shows
 * alone. The body is compared line by line first and only its changed lines are shown.
 */
final class ReviewDiff {
    private ReviewDiff() {
    }

    /** One changed part of a field: {@code where} says which lines (body only), {@code html} is safe to insert. */
    record Hunk(String where, String html) {
    }

    record Field(String label, List<Hunk> hunks) {
    }

    /** The changed fields, in the order a reader sees them; empty when nothing a channel shows changed. */
    static List<Field> between(ItemContent before, ItemContent after) {
        List<Field> out = new ArrayList<>();
        inline(out, "标题", before.title(), after.title());
        inline(out, "摘要", before.summary(), after.summary());
        inline(out, "文号", before.docNumber(), after.docNumber());
        inline(out, "发布机构", before.issuer(), after.issuer());
        List<Hunk> body = body(nz(before.body()), nz(after.body()));
        if (!body.isEmpty()) {
            out.add(new Field("正文", body));
        }
        inline(out, "附件", attachments(before.attachments()), attachments(after.attachments()));
        inline(out, "发布渠道", String.join("、", before.channels()), String.join("、", after.channels()));
        return List.copyOf(out);
    }

    private static String attachments(List<Attachment> list) {
        // a replaced file keeps its name: the short hash shows that its bytes changed
        return list.stream().map(a -> a.name() + "（" + a.sha256().substring(0, Math.min(8, a.sha256().length())) + "）")
                .collect(Collectors.joining("\n"));
    }

    private static void inline(List<Field> out, String label, String before, String after) {
        if (!Objects.equals(nz(before), nz(after))) {
            out.add(new Field(label, List.of(new Hunk(null, words(nz(before), nz(after))))));
        }
    }

    private static List<Hunk> body(String before, String after) {
        List<String> a = List.of(before.split("\n", -1));
        List<String> b = List.of(after.split("\n", -1));
        List<Hunk> out = new ArrayList<>();
        for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
            String old = String.join("\n", d.getSource().getLines());
            String neu = String.join("\n", d.getTarget().getLines());
            int from = d.getTarget().getPosition() + 1;
            int lines = Math.max(1, d.getTarget().size());
            String where = d.getType() == DeltaType.DELETE ? "第 " + from + " 行前删去"
                    : lines == 1 ? "第 " + from + " 行" : "第 " + from + "–" + (from + lines - 1) + " 行";
            out.add(new Hunk(where, words(old, neu)));
        }
        return out;
    }

    /** {@code before} → {@code after} as escaped HTML with the removed words in del and the added ones in ins. */
    static String words(String before, String after) {
        List<String> a = tokens(before);
        List<String> b = tokens(after);
        StringBuilder html = new StringBuilder();
        int i = 0;
        for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
            int at = d.getSource().getPosition();
            html.append(escape(String.join("", a.subList(i, at))));
            if (!d.getSource().getLines().isEmpty()) {
                html.append("<del>").append(escape(String.join("", d.getSource().getLines()))).append("</del>");
            }
            if (!d.getTarget().getLines().isEmpty()) {
                html.append("<ins>").append(escape(String.join("", d.getTarget().getLines()))).append("</ins>");
            }
            i = at + d.getSource().size();
        }
        html.append(escape(String.join("", a.subList(i, a.size()))));
        return html.toString();
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int j = i + Character.charCount(cp);
            if (latin(cp)) {
                while (j < s.length() && latin(s.codePointAt(j))) {
                    j += Character.charCount(s.codePointAt(j));
                }
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    private static boolean latin(int cp) {
        return cp < 128 && Character.isLetterOrDigit(cp);
    }

    private static final Map<Character, String> ENTITIES = Map.of('<', "&lt;", '>', "&gt;", '&', "&amp;", '"', "&quot;", '\'', "&#39;");

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            String e = ENTITIES.get(c);
            if (e != null) {
                b.append(e);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

}
