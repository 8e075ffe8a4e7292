package cn.gongkai.hub.stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-channel counts by month ({@link AnnualReportData#itemsByMonth()}) as a line chart in SVG, drawn on the
 * server so that the report and the stats page show it without script: one line a channel (colour and dash pattern,
 * so it still reads in black and white), the months along the bottom, a legend, and for screen readers a
 * {@code <title>}, a {@code <desc>} listing every number, and a title on every point. The geometry is computed here;
 * {@code report/chart.svg} writes it out.
 */
final class MonthlyChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 380;
    private static final int LEFT = 56;
    private static final int RIGHT = WIDTH - 170;
    private static final int TOP = 60;
    private static final int BOTTOM = HEIGHT - 44;
    /** Okabe–Ito colours, told apart with the common colour-vision deficiencies. */
    private static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000");
    private static final List<String> DASHES = List.of("none", "8 4", "2 3", "10 3 2 3", "4 4", "12 4", "1 2");

    record View(String title, String description, int width, int height, int left, int right, int top, int bottom,
                List<Tick> yTicks, List<Tick> months, List<Series> series, String emptyText) {
        public String viewBox() {
            return "0 0 " + width + " " + height;
        }
    }

    /** {@code at} is the tick's y (value axis) or x (months) in the drawing. */
    record Tick(double at, String label) {
    }

    record Series(String channel, String label, String colour, String dash, String path, List<Point> points, double legendY) {
    }

    record Point(double x, double y, String title) {
    }

    private MonthlyChart() {
    }

    /** The chart of {@code data}: the configured channels in their order, then any other channel that has counts. */
    static View view(AnnualReportData data) {
        Map<String, List<Long>> byMonth = data.itemsByMonth() == null ? Map.of() : data.itemsByMonth();
        Set<String> order = new LinkedHashSet<>();
        if (data.channels() != null) {
            data.channels().stream().filter(byMonth::containsKey).forEach(order::add);
        }
        order.addAll(new TreeSet<>(byMonth.keySet()));

        long max = 0;
        for (String ch : order) {
            for (Long n : months(byMonth.get(ch))) {
                if (n != null) {
                    max = Math.max(max, n);
                }
            }
        }
        long step = step(max);
        long top = Math.max(step, ((max + step - 1) / step) * step);

        List<Tick> yTicks = new ArrayList<>();
        for (long v = 0; v <= top; v += step) {
            yTicks.add(new Tick(y(v, top), Long.toString(v)));
        }
        List<Tick> monthTicks = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            monthTicks.add(new Tick(x(m), (m + 1) + "月"));
        }

        List<Series> series = new ArrayList<>();
        StringBuilder desc = new StringBuilder(data.year() + "年各渠道每月发布的信息条数（一条信息在同一渠道同月多次发布只计一次）。");
        int i = 0;
        for (String ch : order) {
            String label = ChannelPhrases.of(ch).label();
            List<Long> counts = months(byMonth.get(ch));
            StringBuilder path = new StringBuilder();
            List<Point> points = new ArrayList<>();
            desc.append(label).append("：");
            boolean pen = false;
            for (int m = 0; m < 12; m++) {
                Long n = counts.get(m);
                desc.append(m + 1).append("月").append(n == null ? "不详" : n + "条").append(m < 11 ? "，" : "；");
                if (n == null) {
                    pen = false;
                    continue;
                }
                double px = x(m);
                double py = y(n, top);
                path.append(pen ? " L" : (path.isEmpty() ? "M" : " M")).append(num(px)).append(' ').append(num(py));
                pen = true;
                points.add(new Point(px, py, label + " " + (m + 1) + "月：" + n + "条"));
            }
            series.add(new Series(ch, label, COLOURS.get(i % COLOURS.size()), DASHES.get(i % DASHES.size()), path.toString(), points,
                    TOP + 8 + i * 24));
            i++;
        }
        if (series.isEmpty()) {
            desc.append("本年暂无发布记录。");
        } else {
            desc.setCharAt(desc.length() - 1, '。');
        }
        return new View(data.year() + "年各渠道每月发布信息条数", desc.toString(), WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM,
                yTicks, monthTicks, series, series.isEmpty() ? "本年暂无发布记录" : null);
    }

    /** The SVG element alone, to go inside an HTML page. */
    static String element(View view) {
        return ReportTemplates.render("chart", Map.of("c", view));
    }

    /** A standalone SVG file (image/svg+xml). */
    static byte[] file(View view) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(view)).getBytes(StandardCharsets.UTF_8);
    }

    /** Twelve months, a missing month unknown. */
    private static List<Long> months(List<Long> counts) {
        List<Long> out = new ArrayList<>(12);
        for (int m = 0; m < 12; m++) {
            out.add(counts != null && m < counts.size() ? counts.get(m) : null);
        }
        return out;
    }

    /** 1, 2 or 5 times a power of ten, so that the axis has at most five steps. */
    static long step(long max) {
        long magnitude = 1;
        while (true) {
            for (long f : new long[]{1, 2, 5}) {
                if (max <= 5 * f * magnitude) {
                    return f * magnitude;
                }
            }
            magnitude *= 10;
        }
    }

    private static double x(int month) {
        return round(LEFT + (month + 0.5) * (RIGHT - LEFT) / 12.0);
    }

    private static double y(long value, long top) {
        return round(BOTTOM - (double) value / top * (BOTTOM - TOP));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
