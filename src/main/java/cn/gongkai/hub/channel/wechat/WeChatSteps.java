package cn.gongkai.hub.channel.wechat;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each step of a WeChat delivery returned, kept per delivery id so that a retry, a later look at a publication
 * or a crash resumes where the delivery stood and never uploads, submits or mass-sends twice. Each step's result is
 * recorded before the next step starts.
 */
interface WeChatSteps {
    /** How long a notice's steps (and its release time) are kept: longer than a person takes to look at one left in doubt. */
    java.time.Duration NOTICE_KEPT = java.time.Duration.ofDays(30);

    /** One recorded result. */
    enum Step {
        ITEM("item"), VERSION("version"), TARGET("target"),
        /** permanent material media_id of the cover */
        COVER("cover"),
        /** the draft's media_id */
        DRAFT("draft"),
        /** set just before freepublish/submit goes out, removed when the answer says it was not taken */
        SUBMITTING("submitting"),
        PUBLISH_ID("publish-id"), SUBMITTED_AT("submitted-at"), ARTICLE_ID("article-id"), ARTICLE_URL("article-url"),
        MSG_ID("msg-id"), MSG_DATA_ID("msg-data-id"),
        /** a template message: the attempt that sent {@code message/template/send}, set before the call goes out */
        TEMPLATE_SENDING("template-sending"),
        /** a template message: the last attempt that ended in doubt (its answer never came, or it found the call above unanswered) */
        TEMPLATE_DOUBT("template-doubt"),
        /** on a publishing delivery: when its article or mass send was deleted by a withdrawal */
        DELETED("deleted");

        final String field;

        Step(String field) {
            this.field = field;
        }
    }

    /** The recorded results of one delivery; {@code images}: attachment name → the URL {@code media/uploadimg} gave. */
    record Steps(Map<Step, String> values, Map<String, String> images) {
        static final String IMAGE = "image:";

        public Steps {
            values = values.isEmpty() ? new EnumMap<>(Step.class) : new EnumMap<>(values);
            images = new LinkedHashMap<>(images);
        }

        String get(Step s) {
            return values.get(s);
        }

        boolean has(Step s) {
            String v = values.get(s);
            return v != null && !v.isEmpty();
        }

        static Steps fromHash(Map<String, String> h) {
            Map<Step, String> values = new EnumMap<>(Step.class);
            Map<String, String> images = new LinkedHashMap<>();
            for (Step s : Step.values()) {
                if (h.containsKey(s.field)) {
                    values.put(s, h.get(s.field));
                }
            }
            h.forEach((k, v) -> {
                if (k.startsWith(IMAGE)) {
                    images.put(k.substring(IMAGE.length()), v);
                }
            });
            return new Steps(values, images);
        }

        /** What the delivery shows of its steps. */
        String summary() {
            StringBuilder sb = new StringBuilder();
            if (!images.isEmpty()) {
                sb.append(images.size()).append(images.size() == 1 ? " image" : " images").append(" uploaded");
            }
            for (Step s : List.of(Step.COVER, Step.DRAFT, Step.PUBLISH_ID, Step.ARTICLE_ID, Step.MSG_ID, Step.MSG_DATA_ID)) {
                if (has(s)) {
                    sb.append(sb.isEmpty() ? "" : ", ").append(s == Step.COVER ? "cover media_id" : s == Step.DRAFT ? "draft media_id"
                            : s.field.replace('-', '_')).append(' ').append(get(s));
                }
            }
            return sb.toString();
        }
    }

    Steps load(String deliveryId);

    void record(String deliveryId, Step step, String value);

    void recordImage(String deliveryId, String attachmentName, String url);

    void forget(String deliveryId, Step step);

    /** Keeps the delivery's steps for {@code keep} from now, then lets them go (template messages, one per follower). */
    void keep(String deliveryId, java.time.Duration keep);

    /** Remembers that {@code deliveryId} published (part of) item {@code itemId}, for its withdrawal. */
    void index(String itemId, String deliveryId);

    /** The publishing deliveries of the item that have recorded steps. */
    List<String> publications(String itemId);

    /** Counts one successful mass send on the Beijing day {@code day}; returns that day's count. */
    long countMassSend(String appId, LocalDate day);

    long massSends(String appId, LocalDate day);
}
