package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.subscriber.Dimensions;
import cn.gongkai.hub.subscriber.NoticeDraft;
import cn.gongkai.hub.subscriber.NoticeService;
import cn.gongkai.hub.subscriber.Reach;
import cn.gongkai.hub.subscriber.SubscriberService;
import cn.gongkai.hub.web.NoticeReportFiles;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 订阅与通知 — segments and targeted notices: the segment builder with its live count and masked sample (htmx posts the
 * form to {@code /console/segments/preview} on every change, the same preview as {@code POST /api/segments/preview}),
 * the notices, the form that drafts one (reviewed and published like any item), and a sent notice's report and its CSV.
 */
@Controller(value = "/console", produces = MediaType.TEXT_HTML)
@Secured({"EDITOR", "ADMIN"})
@ExecuteOn(TaskExecutors.BLOCKING)
class NoticeConsoleController {
    /** Subscribers read for the tags the builder offers to tick. */
    static final int TAG_SCAN = 5000;
    private final ConsolePages pages;
    private final NoticeService notices;
    private final SubscriberService subscribers;
    private final Dimensions dimensions;
    private final ChannelRegistry channels;
    private final AdminFormat fmt;

    NoticeConsoleController(ConsolePages pages, NoticeService notices, SubscriberService subscribers, Dimensions dimensions,
                            ChannelRegistry channels, AdminFormat fmt) {
        this.pages = pages;
        this.notices = notices;
        this.subscribers = subscribers;
        this.dimensions = dimensions;
        this.channels = channels;
        this.fmt = fmt;
    }

    /**
     * The builder's choices (and, on the notice form, the notice's text). {@code all}, {@code any}, {@code not} and
     * {@code channels} are ticked boxes (one value each); {@code extraAll}... are tags typed in, separated by spaces,
     * commas or 、.
     */
    public record SegmentForm(@Nullable List<String> all, @Nullable List<String> any, @Nullable List<String> not,
                              @Nullable String extraAll, @Nullable String extraAny, @Nullable String extraNot,
                              @Nullable List<String> channels, @Nullable String mode,
                              @Nullable String title, @Nullable String summary, @Nullable String body, @Nullable String _csrf) {

        static SegmentForm empty() {
            return new SegmentForm(null, null, null, null, null, null, null, null, null, null, null, null);
        }

        List<String> tags(String kind) {
            List<String> ticked = switch (kind) {
                case "all" -> all;
                case "any" -> any;
                default -> not;
            };
            String typed = switch (kind) {
                case "all" -> extraAll;
                case "any" -> extraAny;
                default -> extraNot;
            };
            LinkedHashSet<String> out = new LinkedHashSet<>(SubscriberConsoleController.nonBlank(ticked));
            if (typed != null) {
                for (String t : typed.split("[\\s,，、;；]+")) {
                    if (!t.isBlank()) {
                        out.add(t.strip());
                    }
                }
            }
            return List.copyOf(out);
        }

        /** Whether the box of {@code tag} in column {@code kind} is ticked. */
        public boolean has(String kind, String tag) {
            List<String> ticked = switch (kind) {
                case "all" -> all;
                case "any" -> any;
                default -> not;
            };
            return ticked != null && ticked.contains(tag);
        }

        public boolean channel(String wire) {
            return channels != null && channels.contains(wire);
        }

        public String modeOrDefault() {
            return mode == null || mode.isBlank() ? "fallback" : mode;
        }

        NoticeDraft.SegmentDraft segment() {
            return new NoticeDraft.SegmentDraft(tags("all"), tags("any"), tags("not"));
        }

        List<String> channelList() {
            return SubscriberConsoleController.nonBlank(channels);
        }
    }

    @Get("/segments")
    HttpResponse<?> segments(HttpRequest<?> request) {
        Map<String, Object> m = builderModel(request, SegmentForm.empty());
        return pages.render(request, HttpStatus.OK, "console/notices/segments", m);
    }

    @Post(value = "/segments/preview", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> preview(HttpRequest<?> request, @Body SegmentForm form, Authentication auth) {
        Map<String, Object> m = pages.model(request);
        try {
            m.put("preview", notices.preview(form.segment(), form.channelList(), form.modeOrDefault(),
                    SubscriberConsoleController.admin(auth)));
        } catch (HubException e) {
            // a fragment: htmx swaps only 2xx answers in, and the person must see why there is no count
            m.put("previewErrors", AdminFormat.errors(e));
        }
        m.put("fmt", fmt);
        return pages.render(request, HttpStatus.OK, "console/notices/segment-preview", m);
    }

    @Get("/notices")
    HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue String page) {
        int p;
        try {
            p = page == null || page.isBlank() ? 1 : Integer.parseInt(page.strip());
        } catch (NumberFormatException e) {
            p = 1;
        }
        NoticeService.NoticePage np = notices.list(Math.max(1, p), 50);
        Map<String, Object> m = pages.model(request);
        m.put("notices", np.items());
        m.put("pageNo", np.page());
        m.put("more", np.more());
        m.put("fmt", fmt);
        return pages.render(request, HttpStatus.OK, "console/notices/list", m);
    }

    /** The form; the builder's choices can come in the query (the segment page's 起草通知 button sends them). */
    @Get("/notices/new")
    @Secured("EDITOR")
    HttpResponse<?> newNotice(HttpRequest<?> request, @Nullable @QueryValue List<String> all, @Nullable @QueryValue List<String> any,
                              @Nullable @QueryValue List<String> not, @Nullable @QueryValue String extraAll,
                              @Nullable @QueryValue String extraAny, @Nullable @QueryValue String extraNot,
                              @Nullable @QueryValue List<String> channels, @Nullable @QueryValue String mode) {
        SegmentForm f = new SegmentForm(all, any, not, extraAll, extraAny, extraNot, channels, mode, null, null, null, null);
        return form(request, HttpStatus.OK, f, Map.of());
    }

    @Post(value = "/notices/new", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("EDITOR")
    HttpResponse<?> create(HttpRequest<?> request, @Body SegmentForm form, Authentication auth) {
        NoticeDraft d = new NoticeDraft(form.title(), form.body(), form.summary(), form.segment(), form.channelList(),
                form.modeOrDefault(), null, null, null, null, null);
        try {
            Item item = notices.create(d, auth.getName());
            return HttpResponse.seeOther(URI.create("/console/notices/" + item.id() + "/report?created=1"));
        } catch (HubException e) {
            return form(request, HttpStatus.UNPROCESSABLE_ENTITY, form, AdminFormat.errors(e));
        }
    }

    private HttpResponse<?> form(HttpRequest<?> request, HttpStatus status, SegmentForm f, Map<String, String> errors) {
        Map<String, Object> m = builderModel(request, f);
        m.put("errors", errors);
        return pages.render(request, status, "console/notices/new", m);
    }

    @Get("/notices/{id}/report")
    HttpResponse<?> report(HttpRequest<?> request, String id, @Nullable @QueryValue String created) {
        Item item;
        NoticeService.Report r;
        try {
            item = notices.get(id);
            r = notices.report(id);
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "没有这条通知", "编号为 " + id + " 的定向通知不存在。");
        }
        Map<String, Object> m = pages.model(request);
        m.put("item", item);
        m.put("r", r);
        // not() is a keyword of the templates' expression language (OGNL)
        m.put("segAll", item.content().notice().segment().all());
        m.put("segAny", item.content().notice().segment().any());
        m.put("segNot", item.content().notice().segment().not());
        m.put("created", created != null);
        m.put("fmt", fmt);
        return pages.render(request, HttpStatus.OK, "console/notices/report", m);
    }

    @Get(value = "/notices/{id}/report.csv", produces = "text/csv;charset=UTF-8")
    HttpResponse<?> reportCsv(HttpRequest<?> request, String id) {
        try {
            return NoticeReportFiles.csv(notices.report(id));
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "没有这条通知", "编号为 " + id + " 的定向通知不存在。");
        }
    }

    /** A person channel on the builder: its wire name, label, and whether its hub channel is switched on. */
    public record ChannelChoice(String wire, String label, boolean enabled) {
    }

    private Map<String, Object> builderModel(HttpRequest<?> request, SegmentForm f) {
        Map<String, Object> m = pages.model(request);
        List<String> dims = dimensions.current();
        Map<String, ? extends Set<String>> inUse = subscribers.tagsInUse(TAG_SCAN);
        List<Map.Entry<String, List<String>>> byDim = new ArrayList<>();
        for (String d : dims) {
            LinkedHashSet<String> tags = new LinkedHashSet<>(inUse.containsKey(d) ? inUse.get(d) : Set.of());
            // a ticked tag stays on the page even if no one in the scan holds it
            for (String kind : List.of("all", "any", "not")) {
                f.tags(kind).stream().filter(t -> t.startsWith(d + ":") && f.has(kind, t)).forEach(tags::add);
            }
            byDim.add(Map.entry(d, List.copyOf(tags)));
        }
        List<ChannelChoice> choices = new ArrayList<>();
        for (Reach r : Reach.values()) {
            Optional<ChannelSettings> s = channels.settings(r.channel());
            choices.add(new ChannelChoice(r.wire(), r.label(), s.isPresent() && s.get().enabled()));
        }
        m.put("dims", byDim);
        m.put("sel", f);
        m.put("choices", choices);
        m.put("errors", Map.of());
        m.put("fmt", fmt);
        return m;
    }
}
