package cn.gongkai.hub.review.scan;

import java.util.List;

/**
 * Finds classification marks (密级标志) and internal-use marks: content carrying them must not be published
 * (《保守国家秘密法》, 条例第十四条、第十六条).
 *
 * <p>The words involved are also ordinary Chinese words, so the rule decides by how a word stands, not only by
 * whether it occurs. Decisions:
 * <ol>
 *   <li><b>Marks block.</b> A word <em>stands as a mark</em> when
 *     <ul>
 *       <li>it is followed by {@code ★} (spaces allowed): {@code 机密★1年}, {@code 秘密★}, {@code 绝密 ★ 长期};</li>
 *       <li>it is enclosed in brackets: {@code 【内部】}, {@code （秘密）}, {@code 〔绝密〕};</li>
 *       <li>it follows the label {@code 密级}: {@code 密级：机密}, {@code 密级为秘密};</li>
 *       <li>it starts a line (leading blanks allowed) and is not the first word of a longer phrase, i.e. the next
 *           char is not a Chinese character or Latin letter: a header line {@code 机密}, {@code 内部 请勿外传}, a file
 *           name {@code 机密-工作要点.docx} — but not {@code 内部控制制度} or {@code 秘密载体管理} at a line start.</li>
 *     </ul>
 *     Words that can stand as marks: {@code 绝密 机密 秘密 内部 不宜公开}. The {@link Scanner} also reads the
 *     rendered text of each field ({@link RenderedText}), where Markdown and HTML markup is gone: there a heading
 *     {@code # 机密}, a list item {@code - 秘密}, a table cell {@code | 机密 |}, {@code **内部**} and
 *     {@code &#26426;&#23494;} start a line or stand alone, and block.</li>
 *   <li><b>A text that declares its own level blocks:</b> {@code 本文件属机密级}, {@code 本件为机密},
 *       {@code 属于秘密级}, {@code 定为绝密}, {@code 列为机密}: a level word after an assigning verb
 *       ({@code 定为 列为 确定为 标为…}), or after a copula ({@code 属 属于 为 是 系}) when {@code 级} follows the word
 *       or a self-reference ({@code 本文件 本件 此件 本通知 本报告…}) precedes the copula. Not when negated
 *       ({@code 不属于秘密级}), nor in a list of levels ({@code 分为绝密级、机密级和秘密级三级}, which warns).</li>
 *   <li><b>Unambiguous phrases block anywhere:</b> {@code 内部资料 内部文件 内部使用 注意保密 不得外传 严禁外传
 *       请勿外传 此件不公开 此件不予公开}. They are what is printed on internal papers; a policy sentence that uses one
 *       (rare in published content) is waived by the reviewer by finding id.</li>
 *   <li><b>A level word in running text warns.</b> {@code 绝密 机密 秘密} neither standing as a mark nor declared
 *       is most likely a policy sentence ({@code 涉及国家机密的信息不予公开}, the annual-report row
 *       {@code 属于国家秘密}: {@code 国家}, not a copula, stands before the word); the reviewer
 *       looks, nothing is blocked. Likewise {@code 不宜公开} in running text ({@code 对不宜公开的信息……}).</li>
 *   <li><b>{@code 内部} in running text is ignored.</b> It is everyday vocabulary: {@code 内部控制 内部审计 内部管理
 *       内部联系 内部事务信息}, and across word boundaries {@code 党内部署}.</li>
 *   <li><b>Allow-listed compounds produce nothing:</b> {@code 机密性} (information-security term), {@code 商业秘密}
 *       (a third party's trade secret, not a state classification), {@code 内部资料性出版物} (a licensing category,
 *       published as such); a level word whose {@code 密} begins the next word: {@code 揭秘/神秘/奥秘/隐秘 + 密…}
 *       ({@code 揭秘密室}, {@code 神秘密码}) and {@code …机/…绝 + 密码 密切 密集 密度 密封 密钥 密布 密林 密云 密实}
 *       ({@code 手机密码}, {@code 拒绝密切接触}). Words merely containing {@code 密} or {@code 秘} ({@code 保密审查
 *       保密工作 涉密 泄密 揭秘}) never match at all.</li>
 *   <li><b>{@code ★}</b> after a word above is part of that mark. On its own, {@code ★} followed by a period
 *       ({@code ★1年}, {@code ★长期}, {@code ★6个月}) is a 保密期限 mark and blocks; a run of two or more ({@code ★★★},
 *       ratings and decoration) is ignored; any other single {@code ★} warns.</li>
 *   <li><b>Traditional characters</b> are folded to simplified before matching ({@code 機密 絕密 內部資料 祕密}),
 *       one char for one char, so offsets are those of the original text.</li>
 * </ol>
 * The same decisions apply to every field, attachment names included.
 */
public final class ClassificationMarkRule implements Rule {

    public static final String NAME = "classification-mark";

    private enum Kind {
        /** 绝密 机密 秘密: block as a mark, warn in running text. */
        LEVEL,
        /** 内部: block as a mark, ignored in running text. */
        INTERNAL,
        /** 不宜公开: block as a mark, warn in running text. */
        ADVISORY,
        /** Block anywhere. */
        PHRASE
    }

    private record Term(String text, Kind kind) {
    }

    /** Longest first, so 内部资料 wins over 内部 at the same position. */
    private static final List<Term> TERMS = List.of(
            new Term("此件不予公开", Kind.PHRASE),
            new Term("此件不公开", Kind.PHRASE),
            new Term("内部资料", Kind.PHRASE),
            new Term("内部文件", Kind.PHRASE),
            new Term("内部使用", Kind.PHRASE),
            new Term("注意保密", Kind.PHRASE),
            new Term("不得外传", Kind.PHRASE),
            new Term("严禁外传", Kind.PHRASE),
            new Term("请勿外传", Kind.PHRASE),
            new Term("不宜公开", Kind.ADVISORY),
            new Term("绝密", Kind.LEVEL),
            new Term("机密", Kind.LEVEL),
            new Term("秘密", Kind.LEVEL),
            new Term("内部", Kind.INTERNAL));

    private static final char STAR = '★';
    /** After 秘: 揭秘 神秘 奥秘 隐秘, so 密 starts the next word. */
    private static final String SECRET_WORD_BEFORE = "揭神奥隐";
    /** After 机密 / 绝密: 密码 密切 密集 …, so 密 starts the next word (手机密码, 拒绝密切). */
    private static final String DENSE_WORD_AFTER = "码切集度封钥布林云实";
    /** Verbs that give something a level: 定为绝密. */
    private static final List<String> ASSIGNING =
            List.of("确定为", "定密为", "标定为", "标注为", "核定为", "认定为", "定为", "列为", "划为", "标为");
    /** Copulas of a self-declaration, longest first: 本文件属机密级. */
    private static final List<String> COPULAS = List.of("属于", "属", "为", "是", "系");
    private static final List<String> LABEL_COPULAS = List.of("属于", "属", "为", "是");
    /** What a document calls itself: 本文件属机密. */
    private static final List<String> SELF_REFERENCES = List.of("本文件", "此文件", "该文件", "本文", "本件", "此件", "该件",
            "本材料", "本资料", "本通知", "本报告", "本表", "本页", "本册", "本稿", "本函");
    private static final String NEGATIONS = "不非未无勿";
    /** After a level word (and its 级): the word is one of a list of levels, not the level of this text. */
    private static final String ENUMERATION = "、和及与或";
    private static final String QUOTES = "“”\"'‘’「」『』";
    private static final String OPENING = "(（[［【〔〖「『";
    private static final String CLOSING = ")）]］】〕〗」』";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void scan(String field, ScanText scanned, List<Finding> out) {
        String text = scanned.text();
        char[] t = fold(text);
        int i = 0;
        while (i < t.length) {
            char c = t[i];
            if (c == STAR) {
                i = star(field, scanned, t, i, out);
                continue;
            }
            Term term = termAt(t, i);
            if (term == null) {
                i++;
                continue;
            }
            int end = i + term.text().length();
            int starAt = nextNonBlank(t, end);
            boolean starred = starAt < t.length && t[starAt] == STAR;
            String word = text.substring(i, end);
            boolean allowed = allowed(t, i, end, term);
            if (starred || term.kind() == Kind.PHRASE && !allowed || standsAsMark(scanned, t, i, end)) {
                out.add(scanned.finding(NAME, Severity.BLOCK, field, i, end, markMessage(term, word)));
            } else if (term.kind() == Kind.LEVEL && !allowed && declares(t, i, end)) {
                out.add(scanned.finding(NAME, Severity.BLOCK, field, i, end,
                        "文中声明密级为“" + word + "”，涉密信息不得公开"));
            } else if (!allowed) {
                if (term.kind() == Kind.LEVEL) {
                    out.add(scanned.finding(NAME, Severity.WARN, field, i, end,
                            "叙述中出现“" + word + "”，可能是政策表述（如“涉及国家秘密的信息不予公开”），请确认不是密级标志"));
                } else if (term.kind() == Kind.ADVISORY) {
                    out.add(scanned.finding(NAME, Severity.WARN, field, i, end,
                            "叙述中出现“" + word + "”，请确认所述不宜公开的内容没有一并公开"));
                }
            }
            // the ★ of a mark belongs to it
            i = starred ? starAt + 1 : end;
        }
    }

    private static String markMessage(Term term, String word) {
        return term.kind() == Kind.LEVEL
                ? "发现密级标志“" + word + "”，涉密信息不得公开"
                : "发现“" + word + "”标志，标有此类字样的文件不得公开";
    }

    /** Handles the ★ at {@code i}; returns where to continue. */
    private static int star(String field, ScanText scanned, char[] t, int i, List<Finding> out) {
        int run = i;
        while (run < t.length && t[run] == STAR) {
            run++;
        }
        if (run - i > 1 || i > 0 && t[i - 1] == STAR) {
            return run;
        }
        int periodEnd = periodEnd(t, nextNonBlank(t, i + 1));
        if (periodEnd > 0) {
            out.add(scanned.finding(NAME, Severity.BLOCK, field, i, periodEnd,
                    "发现保密期限标志“" + scanned.text().substring(i, periodEnd) + "”，涉密信息不得公开"));
            return periodEnd;
        }
        out.add(scanned.finding(NAME, Severity.WARN, field, i, i + 1,
                "发现“★”符号，请确认不是密级标志（如“机密★1年”）"));
        return i + 1;
    }

    /** End of a 保密期限 ({@code 1年}, {@code 长期}, {@code 6个月}) starting at {@code i}, or -1. */
    private static int periodEnd(char[] t, int i) {
        if (regionMatches(t, i, "长期")) {
            return i + 2;
        }
        int j = i;
        while (j < t.length && (t[j] >= '0' && t[j] <= '9' || t[j] >= '０' && t[j] <= '９')) {
            j++;
        }
        if (j == i) {
            return -1;
        }
        if (j < t.length && t[j] == '年') {
            return j + 1;
        }
        return regionMatches(t, j, "个月") ? j + 2 : -1;
    }

    private static Term termAt(char[] t, int i) {
        char c = t[i];
        if (c != '绝' && c != '机' && c != '秘' && c != '内' && c != '注' && c != '不' && c != '严' && c != '请'
                && c != '此') {
            return null;
        }
        for (Term term : TERMS) {
            if (regionMatches(t, i, term.text())) {
                return term;
            }
        }
        return null;
    }

    private static boolean standsAsMark(ScanText scanned, char[] t, int start, int end) {
        int before = previousNonBlank(t, start);
        int after = nextNonBlank(t, end);
        if (before >= 0 && OPENING.indexOf(t[before]) >= 0 && after < t.length && CLOSING.indexOf(t[after]) >= 0) {
            return true;
        }
        if (followsLabel(t, start)) {
            return true;
        }
        boolean lineStart = before < 0 || t[before] == '\n' || t[before] == '\r';
        // a blank folded away after the word (机密 工作要点 read as 机密工作要点) still ends it
        return lineStart && (end == t.length || !isWordChar(t[end]) || scanned.gapBefore(end));
    }

    /** {@code 密级} just before, optionally followed by a colon or {@code 为 是 属 属于} and blanks. */
    private static boolean followsLabel(char[] t, int start) {
        int j = previousNonBlank(t, start);
        if (j >= 0 && (t[j] == ':' || t[j] == '：')) {
            j = previousNonBlank(t, j);
        } else {
            for (String copula : LABEL_COPULAS) {
                if (endsWith(t, j, copula)) {
                    j = previousNonBlank(t, j - copula.length() + 1);
                    break;
                }
            }
        }
        return j >= 1 && t[j - 1] == '密' && t[j] == '级';
    }

    /**
     * A text stating its own level: an assigning verb before the word ({@code 定为绝密}, {@code 列为机密}), or a copula
     * ({@code 属 属于 为 是 系}) with the level suffix {@code 级} after the word ({@code 属于秘密级}) or a self-reference
     * before the copula ({@code 本文件属机密}, {@code 本件为机密}). Not when negated within two chars before the verb
     * ({@code 不属于秘密级}, {@code 不得定为绝密}), nor for a list of levels ({@code 分为绝密级、机密级和秘密级}).
     */
    private static boolean declares(char[] t, int start, int end) {
        int next = end < t.length && t[end] == '级' ? end + 1 : end;
        if (next < t.length && ENUMERATION.indexOf(t[next]) >= 0) {
            return false;
        }
        int v = previousNonQuote(t, start);
        for (String verb : ASSIGNING) {
            if (endsWith(t, v, verb)) {
                return !negated(t, v - verb.length() + 1);
            }
        }
        for (String copula : COPULAS) {
            if (endsWith(t, v, copula)) {
                int verbStart = v - copula.length() + 1;
                if (negated(t, verbStart)) {
                    return false;
                }
                if (next > end) {
                    return true;
                }
                int s = previousNonBlank(t, verbStart);
                for (String subject : SELF_REFERENCES) {
                    if (endsWith(t, s, subject)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    private static boolean negated(char[] t, int verbStart) {
        for (int k = verbStart - 1; k >= 0 && k >= verbStart - 2; k--) {
            if (NEGATIONS.indexOf(t[k]) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Index of the last char before {@code i} that is neither blank nor a quotation mark, or -1. */
    private static int previousNonQuote(char[] t, int i) {
        int j = i - 1;
        while (j >= 0 && (isBlank(t[j]) || QUOTES.indexOf(t[j]) >= 0)) {
            j--;
        }
        return j;
    }

    /** Whether {@code t[.. last]} ends with {@code s}. */
    private static boolean endsWith(char[] t, int last, String s) {
        return last >= 0 && regionMatches(t, last - s.length() + 1, s);
    }

    private static boolean allowed(char[] t, int start, int end, Term term) {
        String word = term.text();
        char next = end < t.length ? t[end] : 0;
        char previous = start > 0 ? t[start - 1] : 0;
        return switch (word) {
            case "机密" -> next == '性' || DENSE_WORD_AFTER.indexOf(next) >= 0;
            case "绝密" -> DENSE_WORD_AFTER.indexOf(next) >= 0;
            case "秘密" -> SECRET_WORD_BEFORE.indexOf(previous) >= 0
                    || start >= 2 && t[start - 2] == '商' && previous == '业';
            case "内部资料" -> next == '性';
            default -> false;
        };
    }

    private static boolean isWordChar(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN && Character.isLetter(c)
                || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Index of the last non-blank char before {@code i} on the same line, or of the line break, or -1. */
    private static int previousNonBlank(char[] t, int i) {
        int j = i - 1;
        while (j >= 0 && isBlank(t[j])) {
            j--;
        }
        return j;
    }

    /** Index of the first non-blank char from {@code i} on, or {@code t.length}. */
    private static int nextNonBlank(char[] t, int i) {
        int j = i;
        while (j < t.length && isBlank(t[j])) {
            j++;
        }
        return j;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u3000' || c == '\u00A0';
    }

    private static boolean regionMatches(char[] t, int i, String s) {
        if (i < 0 || i + s.length() > t.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (t[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Traditional to simplified for the chars the terms and allow-list use; one char for one char. */
    static char[] fold(String text) {
        char[] t = text.toCharArray();
        for (int i = 0; i < t.length; i++) {
            t[i] = switch (t[i]) {
                case '絕' -> '绝';
                case '機' -> '机';
                case '祕' -> '秘';
                case '內' -> '内';
                case '資' -> '资';
                case '傳' -> '传';
                case '嚴' -> '严';
                case '請' -> '请';
                case '註' -> '注';
                case '級' -> '级';
                case '開' -> '开';
                case '碼' -> '码';
                case '鑰' -> '钥';
                case '隱' -> '隐';
                case '奧' -> '奥';
                case '業' -> '业';
                case '雲' -> '云';
                case '實' -> '实';
                case '個' -> '个';
                case '長' -> '长';
                default -> t[i];
            };
        }
        return t;
    }
}
