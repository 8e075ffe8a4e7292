package cn.gongkai.hub.web.console;

import cn.gongkai.hub.account.ConsoleSessions;
import cn.gongkai.hub.account.Role;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every console page shares: the signed-in person, their menu (only what their roles allow), the session's
 * CSRF token for the page's forms, and the display preferences (larger text, high contrast). Controllers put their
 * own data next to {@code page} in the model; {@link #render} draws a page outside a {@code @View} method.
 */
@Singleton
public class ConsolePages {
    static final String PREFS = "gkhub_prefs";
    private final ConsoleSessions sessions;
    private final ThymeleafViewsRenderer<Map<String, Object>> views;
    private final String office;

    ConsolePages(ConsoleSessions sessions, ThymeleafViewsRenderer<Map<String, Object>> views,
                 @Value("${hub.reports.office:}") String office) {
        this.sessions = sessions;
        this.views = views;
        this.office = office == null || office.isBlank() ? "政务公开" : office;
    }

    /** A menu entry; {@code roles} empty: everyone signed in. */
    public record NavEntry(String href, String label, Set<Role> roles) {
        boolean allows(Set<Role> held) {
            return roles.isEmpty() || roles.stream().anyMatch(held::contains);
        }
    }

    /** The console's sections, in menu order. */
    public static final List<NavEntry> NAV = List.of(
            new NavEntry("/console/", "工作台", Set.of()),
            new NavEntry("/console/items", "信息编辑", Set.of()),
            new NavEntry("/console/reviews", "提交与审查", EnumSet.of(Role.REVIEWER, Role.APPROVER)),
            new NavEntry("/console/publishing", "发布与撤回", EnumSet.of(Role.APPROVER)),
            new NavEntry("/console/deliveries", "投递", Set.of()),
            new NavEntry("/console/subscribers", "订阅与通知", EnumSet.of(Role.EDITOR, Role.ADMIN)),
            new NavEntry("/console/stats", "统计与年报", Set.of()),
            new NavEntry("/console/system", "系统", EnumSet.of(Role.ADMIN)));

    /** One menu line as the layout shows it. */
    public record NavLink(String href, String label, boolean current) {
    }

    /** The layout's data: {@code ${page.user()}}, {@code ${page.csrf()}}, ... */
    public record Page(String office, String user, String displayName, List<String> roles, String csrf, List<NavLink> nav,
                       boolean large, boolean contrast, String path) {
        public boolean has(String role) {
            return roles.contains(role);
        }

        /** The roles in the words of the office: 信息编辑, 初审, 终审, 系统管理员. */
        public List<String> roleNames() {
            return roles.stream().map(r -> switch (r) {
                case "EDITOR" -> "信息编辑";
                case "REVIEWER" -> "初审";
                case "APPROVER" -> "终审";
                case "ADMIN" -> "系统管理员";
                default -> r;
            }).toList();
        }

        /** Classes for the {@code <html>} element. */
        public String htmlClass() {
            return ((large ? "large " : "") + (contrast ? "contrast" : "")).strip();
        }
    }

    /** The model of a page for the signed-in user of {@code request} (anonymous pages: no user, no menu). */
    public Map<String, Object> model(HttpRequest<?> request) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("page", page(request));
        return m;
    }

    public Page page(HttpRequest<?> request) {
        Optional<ConsoleSessions.Active> active = ConsoleSessionFetcher.active(request, sessions);
        String prefs = request.getCookies().findCookie(PREFS).map(Cookie::getValue).orElse("");
        boolean large = prefs.contains("large");
        boolean contrast = prefs.contains("contrast");
        if (active.isEmpty()) {
            return new Page(office, null, null, List.of(), null, List.of(), large, contrast, request.getPath());
        }
        var user = active.get().user();
        List<NavLink> nav = new ArrayList<>();
        String path = request.getPath();
        for (NavEntry e : NAV) {
            if (e.allows(user.roles())) {
                boolean current = e.href().equals("/console/") ? path.equals("/console/") || path.equals("/console")
                        : path.equals(e.href()) || path.startsWith(e.href() + "/");
                nav.add(new NavLink(e.href(), e.label(), current));
            }
        }
        return new Page(office, user.username(), user.displayName(), user.roles().stream().map(Enum::name).sorted().toList(),
                active.get().session().csrfToken(), nav, large, contrast, path);
    }

    /** {@code view} drawn with {@code model} (which should hold {@code page}), as an HTML response with {@code status}. */
    public MutableHttpResponse<?> render(HttpRequest<?> request, HttpStatus status, String view, Map<String, Object> model) {
        Map<String, Object> m = new LinkedHashMap<>(model);
        m.putIfAbsent("page", page(request));
        return HttpResponse.status(status).contentType(MediaType.TEXT_HTML_TYPE + ";charset=UTF-8")
                .body(views.render(view, m, request));
    }

    /** Whether {@code request} is one of the console's, answered with pages rather than JSON. */
    public static boolean isConsole(HttpRequest<?> request) {
        String path = request.getPath();
        return path.equals("/console") || path.startsWith("/console/");
    }

    /**
     * A refusal no console page caught itself: the status, a title in words, the service's message and its field
     * errors. Pages show their own errors next to their fields; this is the fallback, never a stack trace.
     */
    public MutableHttpResponse<?> refused(HttpRequest<?> request, cn.gongkai.hub.HubException e) {
        HttpStatus status = HttpStatus.valueOf(e.status());
        String title = switch (e.status()) {
            case 400, 422 -> "填写的内容有问题";
            case 403 -> "无权访问";
            case 404 -> "找不到这个页面或记录";
            case 409 -> "操作与当前状态冲突";
            case 413 -> "上传的内容太大";
            case 503 -> "系统暂时不可用";
            default -> e.status() >= 500 ? "系统出错了" : "无法完成操作";
        };
        String message = e.status() >= 500
                ? "操作没有完成，请稍后再试；如果一直这样，请联系系统管理员（详情已记入系统日志）。"
                : e.status() == 404 ? "地址有误，或这条记录已不存在。请从菜单重新进入。（" + e.getMessage() + "）"
                : "操作没有完成。系统的说明：" + e.getMessage();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("message", message);
        m.put("status", e.status());
        m.put("errors", e.errors().isEmpty() ? null : e.errors());
        try {
            return render(request, status, "console/problem", m);
        } catch (RuntimeException drawing) {
            // the error page itself could not be drawn: plain text, still no stack trace
            return HttpResponse.status(status).contentType(MediaType.TEXT_PLAIN_TYPE + ";charset=UTF-8").body(title + "：" + message);
        }
    }

    /** A page that says what went wrong, in words for office staff, with a way back. */
    public MutableHttpResponse<?> problem(HttpRequest<?> request, HttpStatus status, String title, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("message", message);
        m.put("status", status.getCode());
        return render(request, status, "console/problem", m);
    }
}
