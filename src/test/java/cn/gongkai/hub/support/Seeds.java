package cn.gongkai.hub.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The five real disclosure reports and plans from shared/seeds, copied into test resources. */
public final class Seeds {
    public static final List<String> FILES = List.of("000_2fd43ac3e1f5eb09.txt", "001_30cd8de8a868e119.txt",
            "002_aa0cd38b456655ec.txt", "003_abec9590ab81beb5.txt", "004_8d8c5a5d76a56a31.txt");

    private Seeds() {
    }

    public static String text(int i) {
        try (InputStream in = Seeds.class.getResourceAsStream("/seeds/" + FILES.get(i))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** First non-blank line, cut to 60 characters: a realistic title. */
    public static String title(int i) {
        for (String line : text(i).split("\n")) {
            if (!line.isBlank()) {
                String t = line.strip();
                return t.length() > 60 ? t.substring(0, 60) : t;
            }
        }
        return "seed " + i;
    }

    /** An item JSON built from seed {@code i}. */
    public static String itemJson(int i, String channelsJson) {
        try {
            return TestHub.JSON.writeValueAsString(java.util.Map.of(
                    "title", title(i),
                    "body", text(i),
                    "summary", "政府信息公开工作年度报告",
                    "category", "ywgz",
                    "disclosure", "主动公开",
                    "issuer", "市文化广电和旅游局",
                    "channels", TestHub.JSON.readTree(channelsJson),
                    "urgency", "normal"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
