package cn.gongkai.hub.stats;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's Thymeleaf templates in {@code src/main/resources/report/}: {@code annual.html} (the HTML report) and
 * {@code chart.svg} (the monthly chart). The templates escape every value; only the chart's SVG, itself written by a
 * template, goes into the HTML unescaped. The chart is processed in HTML mode too: Thymeleaf's XML mode writes every
 * Chinese character as a numeric reference, and the template's markup is well-formed XML that HTML mode keeps as
 * written, escaping values with XML-safe references only.
 */
final class ReportTemplates {
    private static final TemplateEngine ENGINE = engine();

    private ReportTemplates() {
    }

    private static TemplateEngine engine() {
        TemplateEngine e = new TemplateEngine();
        ClassLoaderTemplateResolver svg = resolver(TemplateMode.HTML, ".svg", 1);
        svg.setResolvablePatterns(Set.of("chart"));
        e.addTemplateResolver(svg);
        e.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
        return e;
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver r = new ClassLoaderTemplateResolver(ReportTemplates.class.getClassLoader());
        r.setPrefix("report/");
        r.setSuffix(suffix);
        r.setTemplateMode(mode);
        r.setCharacterEncoding("UTF-8");
        r.setCacheable(true);
        r.setCheckExistence(true);
        r.setOrder(order);
        return r;
    }

    static String render(String template, Map<String, Object> variables) {
        Context ctx = new Context(Locale.SIMPLIFIED_CHINESE);
        variables.forEach(ctx::setVariable);
        return ENGINE.process(template, ctx);
    }
}
