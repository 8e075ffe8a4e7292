package cn.gongkai.hub.review.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Rough timing of {@link Scanner#scan} on a large item; not a unit test, nothing asserts on time.
 *
 * <p>The item: a 20,000-char body made of the five seed texts repeated, a title, summary, 文号, issuer and three attachment
 * names. The policy: a register of 2,000 restricted documents (文号 and title each; two of them are named in the
 * seeds) and 500 sensitive words (10 that occur in the seeds, 490 made of seed characters that mostly do not).
 * After 2,000 warm-up scans it times 11 rounds of 200 scans, each scan on its own, and prints median and p90 per scan.
 *
 * <p>Baseline, timed in the same run: the naive approach, one {@code String.indexOf} loop per register 文号, title
 * and sensitive word over every field, counting all occurrences. It does less than the scanner (no bracket, width or
 * space folding, no other rules), so the ratio understates the gain.
 *
 * <p>Run it without Maven once the test classes are compiled (full JIT, the numbers to quote):
 * <pre>
 * ./mvnw -q test-compile
 * java -cp target/classes:target/test-classes cn.gongkai.hub.review.scan.ScanBenchmark
 * </pre>
 * Through Maven: {@code ./mvnw -q test-compile exec:exec -Dexec.executable=java
 * -Dexec.mainClass=cn.gongkai.hub.review.scan.ScanBenchmark -Dexec.classpathScope=test}. That works but the
 * exec-maven-plugin arguments inherited from micronaut-parent add {@code -XX:TieredStopAtLevel=1} (C1 only), so both
 * timings come out slower. {@code exec:java} does not work with the current pom: the same inherited
 * {@code <arguments>} holds a {@code <classpath/>} element that exec:java cannot read ("Cannot store value into
 * array"); it works once pom.xml overrides them with {@code <arguments combine.self="override"/>} on the
 * exec-maven-plugin.
 */
public final class ScanBenchmark {

    private static final int BODY_CHARS = 20_000;
    private static final int REGISTER = 2_000;
    private static final int WORDS = 500;
    private static final int WARM_UP = 2_000;
    private static final int ROUNDS = 11;
    private static final int SCANS_PER_ROUND = 200;
    private static final int BASELINE_WARM_UP = 50;
    private static final int BASELINE_PER_ROUND = 10;

    private static long sink;

    public static void main(String[] args) {
        Random random = new Random(11643);
        String all = String.join("\n", Seeds.all().values());
        StringBuilder body = new StringBuilder(BODY_CHARS + all.length());
        while (body.length() < BODY_CHARS) {
            body.append(all).append('\n');
        }
        ScanInput item = new ScanInput("中山市文化广电新闻出版局推进社会公益事业建设领域政府信息公开工作方案",
                all.substring(0, 120), body.substring(0, BODY_CHARS), "中文广新〔2018〕56号", "中山市文化广电新闻出版局",
                List.of("附件1：政务公开工作要点.docx", "附件2：信息公开目录.xlsx", "附件3：联系人名单.pdf"), Map.of(), Map.of());
        ScanPolicy policy = new ScanPolicy(PersonalInfoSeverities.DEFAULTS, register(random), words(random, all));
        List<String> naiveKeys = new ArrayList<>();
        for (RestrictedDocument doc : policy.restrictedDocuments()) {
            naiveKeys.add(doc.docNumber());
            naiveKeys.add(doc.title());
        }
        policy.sensitiveWords().forEach(w -> naiveKeys.add(w.word()));
        naiveKeys.removeIf(key -> key == null);
        List<String> fields = new ArrayList<>(List.of(item.title(), item.summary(), item.body(), item.docNumber(), item.issuer()));
        fields.addAll(item.attachmentNames());

        Scanner scanner = new Scanner();
        List<Finding> findings = scanner.scan(item, policy);
        for (int i = 0; i < WARM_UP; i++) {
            sink += scanner.scan(item, policy).size();
        }
        double[] scan = time(ROUNDS * SCANS_PER_ROUND, () -> sink += scanner.scan(item, policy).size());

        for (int i = 0; i < BASELINE_WARM_UP; i++) {
            sink += naive(fields, naiveKeys);
        }
        double[] naive = time(ROUNDS * BASELINE_PER_ROUND, () -> sink += naive(fields, naiveKeys));

        long blocks = findings.stream().filter(f -> f.severity() == Severity.BLOCK).count();
        System.out.printf(Locale.ROOT, "item: %,d chars in %d fields; register %,d documents (%,d keys), %d sensitive words%n",
                fields.stream().mapToInt(String::length).sum(), fields.size(), REGISTER, 2 * REGISTER, WORDS);
        System.out.printf(Locale.ROOT, "findings per scan: %d (%d block, %d warn)%n",
                findings.size(), blocks, findings.size() - blocks);
        System.out.printf(Locale.ROOT, "scanner  : %d rounds x %d scans after %,d warm-up: median %.3f ms, p90 %.3f ms%n",
                ROUNDS, SCANS_PER_ROUND, WARM_UP, percentile(scan, 50), percentile(scan, 90));
        System.out.printf(Locale.ROOT, "baseline : naive indexOf per key, %d rounds x %d passes: median %.3f ms, p90 %.3f ms%n",
                ROUNDS, BASELINE_PER_ROUND, percentile(naive, 50), percentile(naive, 90));
        System.out.printf(Locale.ROOT, "ratio    : scanner median / baseline median = %.3f (%.0fx faster)%n",
                percentile(scan, 50) / percentile(naive, 50), percentile(naive, 50) / percentile(scan, 50));
        System.out.printf(Locale.ROOT, "target   : median < 50 ms: %s%n", percentile(scan, 50) < 50 ? "met" : "NOT MET");
        if (sink == 42) {
            System.out.println();
        }
    }

    /** Per-run times in ms. */
    private static double[] time(int runs, Runnable run) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1];
    }

    private static long naive(List<String> fields, List<String> keys) {
        long hits = 0;
        for (String text : fields) {
            for (String key : keys) {
                for (int at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
                    hits++;
                }
            }
        }
        return hits;
    }

    private static List<RestrictedDocument> register(Random random) {
        String[] issuers = {"嘉政办发", "嘉政发", "粤办函", "粤府", "中府办", "沾政办发", "赤政发", "通政办发", "国办发", "文旅政法发"};
        String[] subjects = {"政务公开", "信息公开", "文物保护", "公共文化服务", "预决算公开", "行政许可", "执法检查",
                "非遗保护", "广播电视", "新闻出版"};
        String[] acts = {"关于印发", "关于做好", "关于进一步加强", "关于开展", "关于调整"};
        Set<RestrictedDocument> register = new LinkedHashSet<>();
        register.add(new RestrictedDocument("嘉政办发〔2017〕104号",
                "嘉峪关市人民政府办公室关于印发《嘉峪关市2017年政务公开工作要点》的通知", "内部文件"));
        register.add(new RestrictedDocument("粤办函〔2018〕225号", null, "过程性信息"));
        while (register.size() < REGISTER) {
            int year = 2010 + random.nextInt(15);
            String number = issuers[random.nextInt(issuers.length)] + "〔" + year + "〕" + (1 + random.nextInt(300)) + "号";
            String title = acts[random.nextInt(acts.length)] + year + "年" + subjects[random.nextInt(subjects.length)]
                    + "工作" + (random.nextBoolean() ? "方案" : "要点") + "的通知（第" + register.size() + "号）";
            register.add(new RestrictedDocument(number, title, "内部事务信息"));
        }
        return List.copyOf(register);
    }

    private static List<SensitiveWord> words(Random random, String seeds) {
        Set<String> words = new LinkedHashSet<>(List.of("舆情", "投诉", "泄密", "信访", "上访", "炒作", "问责", "维稳",
                "群体性事件", "敷衍了事"));
        String han = seeds.codePoints()
                .filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                .distinct()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        while (words.size() < WORDS) {
            StringBuilder word = new StringBuilder();
            for (int i = 2 + random.nextInt(3); i > 0; i--) {
                word.append(han.charAt(random.nextInt(han.length())));
            }
            words.add(word.toString());
        }
        List<SensitiveWord> list = new ArrayList<>();
        int i = 0;
        for (String word : words) {
            list.add(new SensitiveWord(word, i++ % 10 == 0 ? Severity.BLOCK : Severity.WARN));
        }
        return list;
    }
}
