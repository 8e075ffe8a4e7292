package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.account.Role;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.account.UserService;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditFilter;
import cn.gongkai.hub.audit.AuditLog;
import cn.gongkai.hub.audit.AuditPage;
import cn.gongkai.hub.channel.ChannelConfigView;
import cn.gongkai.hub.review.ReviewRegisters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 系统, for ADMIN only (every route, GET and POST, refuses anyone else with 403, whatever the browser sends): users and
 * their roles (as {@code /api/users}), the restricted-document register and the sensitive words (as
 * {@code /api/review/...}), the audit log, and the channel files as loaded, secrets shown only as 已设置 / 未设置.
 */
@Controller(value = "/console/system", produces = MediaType.TEXT_HTML)
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
class SystemConsoleController {
    static final int AUDIT_PAGE = 100;
    private static final Map<String, String> ACTIONS = new LinkedHashMap<>();

    static {
        ACTIONS.put("USER_CREATED", "新建用户");
        ACTIONS.put("ROLES_CHANGED", "修改角色");
        ACTIONS.put("DISPLAY_NAME_CHANGED", "修改显示名");
        ACTIONS.put("USER_PASSWORD_RESET", "重置密码");
        ACTIONS.put("REGISTER_ADDED", "登记不予公开文件");
        ACTIONS.put("REGISTER_REMOVED", "删除不予公开文件");
        ACTIONS.put("SENSITIVE_WORD_ADDED", "添加敏感词");
        ACTIONS.put("SENSITIVE_WORD_REMOVED", "删除敏感词");
        ACTIONS.put("FINAL_APPROVAL", "终审同意");
        ACTIONS.put("REJECTION", "终审退回");
        ACTIONS.put("PUBLISH", "发布");
        ACTIONS.put("SCHEDULE", "定时发布");
        ACTIONS.put("WITHDRAW", "撤回");
        ACTIONS.put("RETRY", "重新投递");
        ACTIONS.put("RESEND", "补发");
    }

    private final ConsolePages pages;
    private final UserService users;
    private final ReviewRegisters registers;
    private final AuditLog audit;
    private final ChannelConfigView channels;
    private final AdminFormat fmt;

    SystemConsoleController(ConsolePages pages, UserService users, ReviewRegisters registers, AuditLog audit,
                            ChannelConfigView channels, AdminFormat fmt) {
        this.pages = pages;
        this.users = users;
        this.registers = registers;
        this.audit = audit;
        this.channels = channels;
        this.fmt = fmt;
    }

    @Get
    HttpResponse<?> index(HttpRequest<?> request) {
        return pages.render(request, HttpStatus.OK, "console/system/index", pages.model(request));
    }

    // users

    public record NewUserForm(@Nullable String username, @Nullable String displayName, @Nullable List<String> roles,
                              @Nullable String password, @Nullable String _csrf) {
        public boolean hasRole(String r) {
            return roles != null && roles.contains(r);
        }
    }

    public record UserForm(@Nullable String displayName, @Nullable List<String> roles, @Nullable String _csrf) {
    }

    public record PasswordForm(@Nullable String password, @Nullable String _csrf) {
    }

    @Get("/users")
    HttpResponse<?> users(HttpRequest<?> request, @Nullable @QueryValue String done) {
        return usersPage(request, HttpStatus.OK, new NewUserForm(null, null, null, null, null), Map.of(), done);
    }

    private HttpResponse<?> usersPage(HttpRequest<?> request, HttpStatus status, NewUserForm form, Map<String, String> errors, String done) {
        Map<String, Object> m = pages.model(request);
        m.put("users", users.list());
        m.put("roles", Arrays.stream(Role.values()).map(Enum::name).toList());
        m.put("form", form);
        m.put("errors", errors);
        m.put("done", done);
        m.put("fmt", fmt);
        return pages.render(request, status, "console/system/users", m);
    }

    @Post(value = "/users", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> createUser(HttpRequest<?> request, @Body NewUserForm form, Authentication auth) {
        try {
            User u = users.create(strip(form.username()), form.displayName(), SubscriberConsoleController.nonBlank(form.roles()),
                    form.password(), by(auth));
            return HttpResponse.seeOther(URI.create("/console/system/users?done=" + enc("已新建用户 " + u.username())));
        } catch (HubException e) {
            NewUserForm kept = new NewUserForm(form.username(), form.displayName(), form.roles(), null, null);
            return usersPage(request, HttpStatus.valueOf(e.status()), kept, userErrors(e), null);
        }
    }

    @Get("/users/{username}")
    HttpResponse<?> user(HttpRequest<?> request, String username, @Nullable @QueryValue String done) {
        return users.find(username).<HttpResponse<?>>map(u -> userPage(request, HttpStatus.OK, u, u.displayName(),
                        u.roles().stream().map(Enum::name).toList(), Map.of(), done))
                .orElseGet(() -> pages.problem(request, HttpStatus.NOT_FOUND, "没有这个用户", "用户 " + username + " 不存在。"));
    }

    private HttpResponse<?> userPage(HttpRequest<?> request, HttpStatus status, User u, String displayName, List<String> roles,
                                     Map<String, String> errors, String done) {
        Map<String, Object> m = pages.model(request);
        m.put("u", u);
        m.put("displayName", displayName);
        m.put("held", roles == null ? List.of() : roles);
        m.put("roles", Arrays.stream(Role.values()).map(Enum::name).toList());
        m.put("errors", errors);
        m.put("done", done);
        m.put("fmt", fmt);
        return pages.render(request, status, "console/system/user", m);
    }

    @Post(value = "/users/{username}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> updateUser(HttpRequest<?> request, String username, @Body UserForm form, Authentication auth) {
        try {
            users.update(username, form.displayName(), SubscriberConsoleController.nonBlank(form.roles()), by(auth));
            return HttpResponse.seeOther(URI.create("/console/system/users/" + enc(username) + "?done=" + enc("已保存")));
        } catch (HubException e) {
            return users.find(username).<HttpResponse<?>>map(u -> userPage(request, HttpStatus.valueOf(e.status()), u, form.displayName(),
                            form.roles(), userErrors(e), null))
                    .orElseGet(() -> pages.problem(request, HttpStatus.NOT_FOUND, "没有这个用户", "用户 " + username + " 不存在。"));
        }
    }

    @Post(value = "/users/{username}/password", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> resetPassword(HttpRequest<?> request, String username, @Body PasswordForm form, Authentication auth) {
        User u = users.find(username).orElse(null);
        if (u == null) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "没有这个用户", "用户 " + username + " 不存在。");
        }
        try {
            users.resetPassword(username, form.password(), by(auth));
            return HttpResponse.seeOther(URI.create("/console/system/users/" + enc(username) + "?done=" + enc("密码已重置")));
        } catch (HubException e) {
            return userPage(request, HttpStatus.valueOf(e.status()), u, u.displayName(), u.roles().stream().map(Enum::name).toList(),
                    userErrors(e), null);
        }
    }

    private static Map<String, String> userErrors(HubException e) {
        Map<String, String> errors = AdminFormat.errors(e);
        if (e.status() == 409 && e.errors().isEmpty()) {
            // the service's conflicts: a taken user name, or the last ADMIN losing the role
            errors = Map.of("", e.getMessage().contains("already exists") ? "这个用户名已经有人用了，请换一个。" : "没有保存：" + e.getMessage());
        }
        return errors;
    }

    // registers

    public record DocumentForm(@Nullable String docNumber, @Nullable String title, @Nullable String reason, @Nullable String _csrf) {
    }

    public record WordForm(@Nullable String word, @Nullable String severity, @Nullable String _csrf) {
    }

    public record RemoveForm(@Nullable String id, @Nullable String word, @Nullable String _csrf) {
    }

    @Get("/registers")
    HttpResponse<?> registersPage(HttpRequest<?> request, @Nullable @QueryValue String done) {
        return registers(request, HttpStatus.OK, new DocumentForm(null, null, null, null), Map.of(), new WordForm(null, null, null), Map.of(), done);
    }

    private HttpResponse<?> registers(HttpRequest<?> request, HttpStatus status, DocumentForm doc, Map<String, String> docErrors,
                                      WordForm word, Map<String, String> wordErrors, String done) {
        Map<String, Object> m = pages.model(request);
        m.put("documents", registers.restricted());
        m.put("words", registers.words());
        m.put("doc", doc);
        m.put("docErrors", docErrors);
        m.put("word", word);
        m.put("wordErrors", wordErrors);
        m.put("done", done);
        return pages.render(request, status, "console/system/registers", m);
    }

    @Post(value = "/registers/documents", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> addDocument(HttpRequest<?> request, @Body DocumentForm form, Authentication auth) {
        try {
            registers.addRestricted(form.docNumber(), form.title(), form.reason(), by(auth));
            return HttpResponse.seeOther(URI.create("/console/system/registers?done=" + enc("已登记")));
        } catch (HubException e) {
            return registers(request, HttpStatus.valueOf(e.status()), form, AdminFormat.errors(e), new WordForm(null, null, null), Map.of(), null);
        }
    }

    @Post(value = "/registers/documents/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> removeDocument(HttpRequest<?> request, @Body RemoveForm form, Authentication auth) {
        try {
            registers.removeRestricted(form.id(), by(auth));
            return HttpResponse.seeOther(URI.create("/console/system/registers?done=" + enc("已删除")));
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.valueOf(e.status()), "没有删除", "这条登记不存在，可能已被别人删除。");
        }
    }

    @Post(value = "/registers/words", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> addWord(HttpRequest<?> request, @Body WordForm form, Authentication auth) {
        try {
            registers.addWord(form.word(), form.severity(), by(auth));
            return HttpResponse.seeOther(URI.create("/console/system/registers?done=" + enc("已添加敏感词")));
        } catch (HubException e) {
            return registers(request, HttpStatus.valueOf(e.status()), new DocumentForm(null, null, null, null), Map.of(), form,
                    AdminFormat.errors(e), null);
        }
    }

    @Post(value = "/registers/words/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> removeWord(HttpRequest<?> request, @Body RemoveForm form, Authentication auth) {
        try {
            registers.removeWord(form.word(), by(auth));
            return HttpResponse.seeOther(URI.create("/console/system/registers?done=" + enc("已删除敏感词")));
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.valueOf(e.status()), "没有删除", "这个敏感词不存在，可能已被别人删除。");
        }
    }

    // audit log

    @Get("/audit")
    HttpResponse<?> audit(HttpRequest<?> request, @Nullable @QueryValue String action, @Nullable @QueryValue String actor,
                          @Nullable @QueryValue String cursor) {
        AuditAction a = null;
        if (action != null && !action.isBlank()) {
            if (!ACTIONS.containsKey(action.strip())) {
                return pages.problem(request, HttpStatus.BAD_REQUEST, "操作类型无效", "请从列表中选择操作类型。");
            }
            a = AuditAction.valueOf(action.strip());
        }
        String who = actor == null || actor.isBlank() ? null : actor.strip();
        if (who != null && (who.length() > 100 || who.chars().anyMatch(Character::isISOControl))) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "操作人无效", "操作人请填写用户名（最多 100 个字符）。");
        }
        AuditPage p;
        try {
            p = audit.page(cursor == null || cursor.isBlank() ? null : cursor.strip(), AUDIT_PAGE, new AuditFilter(a, who, null, null));
        } catch (HubException | IllegalArgumentException e) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "翻页链接无效", "这个翻页链接已失效，请回到审计日志第一页。");
        }
        Map<String, Object> m = pages.model(request);
        m.put("entries", p.items());
        m.put("nextCursor", p.nextCursor());
        m.put("action", action == null ? "" : action.strip());
        m.put("actor", who == null ? "" : who);
        m.put("actions", ACTIONS);
        m.put("fmt", fmt);
        return pages.render(request, HttpStatus.OK, "console/system/audit", m);
    }

    // channel files

    @Get("/channels")
    HttpResponse<?> channels(HttpRequest<?> request) {
        Map<String, Object> m = pages.model(request);
        m.put("files", channels.files());
        m.put("fmt", fmt);
        return pages.render(request, HttpStatus.OK, "console/system/channels", m);
    }

    private static Actor by(Authentication auth) {
        return Actor.of(auth.getName(), "ADMIN");
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
