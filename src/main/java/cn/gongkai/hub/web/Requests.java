package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.item.ItemDraft;
import cn.gongkai.hub.review.ReviewRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JSON request bodies of the API, one record per endpoint, each read from a strictly parsed {@link JsonBody}:
 * unknown fields, wrong types and control characters are the body's problems; what the values mean is checked by
 * the service the controller calls. Records a service takes live in its package ({@link ItemDraft},
 * {@link ReviewRequest}).
 */
final class Requests {
    private Requests() {
    }

    /** {@code POST /api/items}, {@code PUT /api/items/{id}}. */
    static ItemDraft item(JsonBody b) {
        b.only(ItemDraft.FIELDS, "an item");
        return new ItemDraft(b.line("title"), b.text("body"), b.line("summary"), b.line("category"), b.line("disclosure"),
                b.line("docNumber"), b.line("issuer"), b.lines("channels", "channel names"), b.line("urgency"), b.line("formedAt"));
    }

    /** {@code POST /api/items/{id}/reviews}. */
    static ReviewRequest review(JsonBody b) {
        b.only(Set.of("stage", "decision", "contentHash", "comment", "waivers"), "a review");
        List<ReviewRequest.WaiverRequest> waivers = new ArrayList<>();
        for (JsonBody w : b.objects("waivers", "{findingId, reason}")) {
            waivers.add(w == null ? null : new ReviewRequest.WaiverRequest(
                    w.only(Set.of("findingId", "reason"), "a waiver").line("findingId"), w.line("reason")));
        }
        ReviewRequest r = new ReviewRequest(b.line("stage"), b.line("decision"), b.line("contentHash"), b.line("comment"), waivers);
        b.refuseIfInvalid();
        return r;
    }

    /** {@code POST /api/users}. */
    record NewUser(String username, String displayName, List<String> roles, String password) {
        static NewUser from(JsonBody b) {
            b.only(Set.of("username", "displayName", "roles", "password"), "a user");
            NewUser u = new NewUser(b.line("username"), b.line("displayName"), b.lines("roles", "role names such as [\"EDITOR\"]"),
                    b.line("password"));
            b.refuseIfInvalid();
            return u;
        }
    }

    /** {@code PUT /api/users/{username}}: either field may be left out (kept as it is), not both. */
    record UserUpdate(String displayName, List<String> roles) {
        static UserUpdate from(JsonBody b) {
            b.only(Set.of("displayName", "roles"), "a user update");
            UserUpdate u = new UserUpdate(b.line("displayName"), b.lines("roles", "role names such as [\"EDITOR\"]"));
            b.refuse(u.displayName() == null && u.roles() == null && b.errors().isEmpty()
                    ? List.of(new HubException.FieldError(JsonBody.BODY, "must hold displayName, roles or both"))
                    : List.of());
            return u;
        }
    }

    /** {@code POST /api/items/{id}/publish}: both fields optional, an empty body publishes now on the proposed channels. */
    record Publish(List<String> channels, String publishAt) {
        static Publish from(JsonBody b) {
            b.only(Set.of("channels", "publishAt"), "a publication");
            List<String> channels = b.lines("channels", "channel names");
            Publish p = new Publish(channels == null ? List.of() : channels, b.line("publishAt"));
            b.refuseIfInvalid();
            return p;
        }
    }

    /** {@code POST /api/items/{id}/withdraw}. */
    record Withdraw(String reason) {
        static Withdraw from(JsonBody b) {
            b.only(Set.of("reason"), "a withdrawal");
            Withdraw w = new Withdraw(b.line("reason"));
            b.refuseIfInvalid();
            return w;
        }
    }

    /** {@code POST /api/review/restricted-documents}. */
    record NewRestrictedDocument(String docNumber, String title, String reason) {
        static NewRestrictedDocument from(JsonBody b) {
            b.only(Set.of("docNumber", "title", "reason"), "a restricted document");
            NewRestrictedDocument d = new NewRestrictedDocument(b.line("docNumber"), b.line("title"), b.line("reason"));
            b.refuseIfInvalid();
            return d;
        }
    }

    /** {@code POST /api/review/sensitive-words}. */
    record NewSensitiveWord(String word, String severity) {
        static NewSensitiveWord from(JsonBody b) {
            b.only(Set.of("word", "severity"), "a sensitive word");
            NewSensitiveWord w = new NewSensitiveWord(b.line("word"), b.line("severity"));
            b.refuseIfInvalid();
            return w;
        }
    }

    /** {@code POST /api/notices}, {@code PUT /api/notices/{id}}. */
    static cn.gongkai.hub.subscriber.NoticeDraft notice(JsonBody b) {
        b.only(cn.gongkai.hub.subscriber.NoticeDraft.FIELDS, "a notice");
        cn.gongkai.hub.subscriber.NoticeDraft d = new cn.gongkai.hub.subscriber.NoticeDraft(b.line("title"), b.text("body"),
                b.line("summary"), segment(b.object("segment", "{all, any, not}")), b.lines("channels", "channel names such as [\"sms\", \"wechat\"]"),
                b.line("mode"), b.line("urgency"), b.line("publishAt"), b.line("issuer"), b.line("docNumber"), b.line("formedAt"));
        b.refuseIfInvalid();
        return d;
    }

    static cn.gongkai.hub.subscriber.NoticeDraft.SegmentDraft segment(JsonBody s) {
        if (s == null) {
            return null;
        }
        s.only(cn.gongkai.hub.subscriber.NoticeDraft.SegmentDraft.FIELDS, "a segment");
        String what = "tags such as [\"区域:崇川区\"]";
        return new cn.gongkai.hub.subscriber.NoticeDraft.SegmentDraft(s.lines("all", what), s.lines("any", what), s.lines("not", what));
    }

    /** {@code PUT /api/calendar/{year}}: the whole year, both lists required (an empty list is a year without any). */
    record CalendarYear(List<String> holidays, List<String> workdays) {
        static CalendarYear from(JsonBody b) {
            b.only(Set.of("holidays", "workdays"), "a calendar year");
            CalendarYear c = new CalendarYear(b.lines("holidays", "dates such as [\"2026-10-01\"]"),
                    b.lines("workdays", "dates such as [\"2026-10-10\"]"));
            b.refuseIfInvalid();
            return c;
        }
    }

    /** {@code POST /api/segments/preview}: the segment, and optionally the channels and mode of the notice to be. */
    record SegmentPreview(cn.gongkai.hub.subscriber.NoticeDraft.SegmentDraft segment, List<String> channels, String mode) {
        static SegmentPreview from(JsonBody b) {
            b.only(Set.of("segment", "channels", "mode"), "a segment preview");
            SegmentPreview p = new SegmentPreview(Requests.segment(b.object("segment", "{all, any, not}")),
                    b.lines("channels", "channel names such as [\"sms\", \"wechat\"]"), b.line("mode"));
            b.refuseIfInvalid();
            return p;
        }
    }
}
