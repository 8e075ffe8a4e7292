package cn.gongkai.hub.subscriber;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Realistic subscribers of a 南通 office, and import files of them, generated one at a time so that 100,000 rows never
 * sit in memory: {@link #person(int)} is a pure function of the index, so a test can compare row {@code i + 2} of a
 * file with {@code person(i)} without keeping either.
 *
 * <p>People: Chinese names (schools and cultural companies get an organisation's name), tags 区域 (one of the seven
 * districts and county-level cities of 南通) and usually 群体 (老年人 残疾人 文化企业 学校 测试). Everyone has a
 * unique mobile; consent is given for sms by ~70%, wechat ~50%, email ~40%, qq ~20%, and a person who consents to a
 * channel has its address (unique openids, e-mail addresses and QQ numbers), a few more have one without consent.
 * Preferred channels: the consented ones, in a shuffled order.
 *
 * <p>The files are written with commons-csv and POI directly, not with {@link SubscriberFileWriter}, so that reading
 * them tests the reader against an independent writer.
 */
public final class SubscriberFiles {
    public static final List<String> DISTRICTS = List.of("崇川区", "海门区", "通州区", "如皋市", "海安市", "启东市", "如东县");
    public static final List<String> GROUPS = List.of("老年人", "残疾人", "文化企业", "学校", "测试");
    /** The tag dimensions the people use, as an office would configure them. */
    public static final Set<String> DIMENSIONS = new LinkedHashSet<>(List.of("区域", "群体"));

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰志强海燕春梅红文斌宇浩然子轩梓涵一诺欣怡思远晨阳佳琪雨桐";
    private static final String[] PINYIN_SURNAMES = {"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu"};
    private static final String[] MAIL_DOMAINS = {"163.com", "qq.com", "126.com", "sina.com", "foxmail.com", "nantong.gov.cn", "139.com"};
    private static final String[] MOBILE_PREFIXES = {"138", "139", "150", "151", "152", "158", "159", "182", "187", "188", "135", "136", "137",
            "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "181", "189", "177", "199", "198", "166", "173"};
    private static final String SCHOOL_WORDS = "实验,城中,通师一附,启秀,新桥,朝晖,八一,五一,钟秀,紫琅";
    private static final String COMPANY_WORDS = "濠河,狼山,江海,紫琅,蓝印,沈绣,风筝,板鹞,通剧,琴书";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final long SEED = 0x5EED_2025L;

    private SubscriberFiles() {
    }

    /** Person number {@code i} (0-based), the same on every call. */
    public static SubscriberInput person(int i) {
        SplittableRandom random = new SplittableRandom(SEED ^ (i * 0x9E3779B97F4A7C15L));
        String district = DISTRICTS.get(random.nextInt(DISTRICTS.size()));
        String group = random.nextInt(10) < 8 ? GROUPS.get(random.nextInt(GROUPS.size())) : null;
        String name = switch (group == null ? "" : group) {
            case "学校" -> "南通市" + district + pick(random, SCHOOL_WORDS) + (random.nextBoolean() ? "小学" : "中学");
            case "文化企业" -> "南通" + pick(random, COMPANY_WORDS) + (random.nextBoolean() ? "文化传媒有限公司" : "文化发展有限公司");
            default -> SURNAMES.charAt(random.nextInt(SURNAMES.length())) + given(random);
        };
        boolean sms = random.nextInt(100) < 70;
        boolean wechat = random.nextInt(100) < 50;
        boolean email = random.nextInt(100) < 40;
        boolean qq = random.nextInt(100) < 20;
        String mobile = MOBILE_PREFIXES[i % MOBILE_PREFIXES.length] + String.format("%08d", scramble(i / MOBILE_PREFIXES.length, 100_000_000L));
        String openId = wechat || random.nextInt(10) == 0 ? openId(i) : null;
        String mail = email || random.nextInt(10) == 0
                ? PINYIN_SURNAMES[random.nextInt(PINYIN_SURNAMES.length)] + "." + Integer.toString(i, 36) + "@" + MAIL_DOMAINS[random.nextInt(MAIL_DOMAINS.length)]
                : null;
        String qqNumber = qq || random.nextInt(20) == 0 ? Long.toString(100_000_000L + scramble(i, 900_000_000L)) : null;
        List<String> tags = new ArrayList<>(2);
        tags.add("区域:" + district);
        if (group != null) {
            tags.add("群体:" + group);
        }
        List<Reach> consent = new ArrayList<>(4);
        if (sms) {
            consent.add(Reach.SMS);
        }
        if (wechat) {
            consent.add(Reach.WECHAT);
        }
        if (email) {
            consent.add(Reach.EMAIL);
        }
        if (qq) {
            consent.add(Reach.QQ);
        }
        List<Reach> preferred = new ArrayList<>(consent);
        for (int k = preferred.size() - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            preferred.set(k, preferred.set(j, preferred.get(k)));
        }
        return new SubscriberInput(name, mobile, mail, openId, qqNumber, tags, preferred, consent);
    }

    /** People {@code 0 .. n-1}, made as they are asked for. */
    public static Iterator<SubscriberInput> people(int n) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public SubscriberInput next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                return person(next++);
            }
        };
    }

    /** How a CSV of people is encoded. */
    public enum Encoding {
        /** Excel's "CSV UTF-8 (逗号分隔)". */
        UTF8_BOM(StandardCharsets.UTF_8, true),
        /** What most scripts and LibreOffice write. */
        UTF8(StandardCharsets.UTF_8, false),
        /** Excel's and WPS's "CSV (逗号分隔)" on a Chinese Windows. */
        GBK(Charset.forName("GBK"), false);

        final Charset charset;
        final boolean bom;

        Encoding(Charset charset, boolean bom) {
            this.charset = charset;
            this.bom = bom;
        }
    }

    /** A CSV of people {@code 0 .. n-1}: canonical header when {@code chineseHeader} is false, else 姓名, 手机号 .... */
    public static Path csv(Path file, int n, Encoding encoding, boolean chineseHeader) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             Writer w = new BufferedWriter(new OutputStreamWriter(out, encoding.charset), 1 << 16);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.EXCEL)) {
            if (encoding.bom) {
                w.write('\uFEFF');
            }
            csv.printRecord((Object[]) header(chineseHeader));
            for (Iterator<SubscriberInput> it = people(n); it.hasNext(); ) {
                csv.printRecord((Object[]) cells(it.next()));
            }
        }
        return file;
    }

    /**
     * An .xlsx of people {@code 0 .. n-1}, streamed with SXSSF. {@code numbers}: mobiles and QQ numbers as number cells,
     * as when an office types them into Excel. {@code sharedStrings}: texts in a shared-strings table as Excel writes
     * them (the writer then holds that table in memory), else inline.
     */
    public static Path xlsx(Path file, int n, boolean numbers, boolean sharedStrings) throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(null, 100, true, sharedStrings);
        try (OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = workbook.createSheet("订阅者");
            Row header = sheet.createRow(0);
            String[] names = header(true);
            for (int c = 0; c < names.length; c++) {
                header.createCell(c).setCellValue(names[c]);
            }
            int r = 1;
            for (Iterator<SubscriberInput> it = people(n); it.hasNext(); ) {
                String[] cells = cells(it.next());
                Row row = sheet.createRow(r++);
                for (int c = 0; c < cells.length; c++) {
                    if (cells[c].isEmpty()) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (numbers && (c == 1 || c == 4)) {
                        cell.setCellValue(Double.parseDouble(cells[c]));
                    } else {
                        cell.setCellValue(cells[c]);
                    }
                }
            }
            workbook.write(out);
        } finally {
            workbook.close();
        }
        return file;
    }

    static String[] header(boolean chinese) {
        return chinese
                ? new String[]{"姓名", "手机号", "邮箱", "微信openid", "QQ号", "标签", "首选渠道", "同意渠道"}
                : new String[]{"name", "mobile", "email", "wechatOpenId", "qqNumber", "tags", "preferredChannels", "consent"};
    }

    /** The person's cells in the columns of {@link #header}, {@code ""} when empty; channels in Chinese for some. */
    static String[] cells(SubscriberInput p) {
        boolean chinese = p.mobile().hashCode() % 3 == 0;
        return new String[]{p.name(), p.mobile(), orEmpty(p.email()), orEmpty(p.wechatOpenId()), orEmpty(p.qqNumber()),
                String.join(";", p.tags()), channels(p.preferredChannels(), chinese), channels(p.consent(), chinese)};
    }

    private static String channels(List<Reach> channels, boolean chinese) {
        return String.join(";", channels.stream().map(r -> chinese ? r.label() : r.wire()).toList());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String given(SplittableRandom random) {
        int a = random.nextInt(GIVEN.length());
        return random.nextInt(3) == 0 ? String.valueOf(GIVEN.charAt(a)) : "" + GIVEN.charAt(a) + GIVEN.charAt(random.nextInt(GIVEN.length()));
    }

    private static String pick(SplittableRandom random, String commaSeparated) {
        String[] words = commaSeparated.split(",");
        return words[random.nextInt(words.length)];
    }

    /** A bijection of {@code [0, modulus)}: mobiles and QQ numbers unique but not in counting order. */
    private static long scramble(long i, long modulus) {
        // 7919 is prime and divides neither 10^8 nor 9*10^8, so multiplying by it permutes the residues
        return (i * 7919L + 12_345L) % modulus;
    }

    /** A 28-character openid like WeChat's ({@code o} and 27 URL-safe characters), unique per index. */
    static String openId(int i) {
        StringBuilder s = new StringBuilder("o6_bm");
        long x = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (int k = 0; k < 11; k++) {
            s.append(BASE64URL.charAt((int) ((x >>> (k * 6)) & 63)));
        }
        String index = Long.toString(i, 32);
        s.append("0".repeat(12 - index.length())).append(index);
        return s.toString();
    }
}
