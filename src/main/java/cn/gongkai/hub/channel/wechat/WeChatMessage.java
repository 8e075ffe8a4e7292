package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.item.Attachment;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the WeChat channel renders: a draft to publish, the deletion of a published article, or the template message
 * of a targeted notice to one follower.
 */
public sealed interface WeChatMessage {

    /**
     * The body of {@code POST /cgi-bin/draft/add}, without {@code thumb_media_id} (the real transport uploads the cover).
     *
     * @param images   the attachments the content shows as {@code <img src="attachments/<name>">}, in order: the real
     *                 transport uploads them and the first is the cover
     * @param category the item's catalogue column (which decides whether it is also pushed to followers)
     */
    record Draft(List<Article> articles, @JsonIgnore List<Attachment> images, @JsonIgnore String category) implements WeChatMessage {
        public Draft {
            articles = List.copyOf(articles);
            images = images == null ? List.of() : List.copyOf(images);
        }

        public Draft(List<Article> articles) {
            this(articles, List.of(), null);
        }
    }

    /**
     * One {@code draft/add} article.
     *
     * @param content WeChat-safe HTML: inline styles, no script, no class or id, fewer than 20,000 characters
     */
    record Article(String title, String author, String digest, String content,
                   @JsonProperty("content_source_url") String contentSourceUrl,
                   @JsonProperty("need_open_comment") int needOpenComment) {
    }

    /**
     * Withdrawal: the real transport calls {@code freepublish/delete} with the article id recorded on the publishing
     * delivery (and deletes the mass send if one was made).
     */
    record Deletion(String action, @JsonProperty("item_id") String itemId, int version, String title, String reason)
            implements WeChatMessage {
    }

    /**
     * The body of {@code POST /cgi-bin/message/template/send} for one follower
     * ({@code doc/service/api/notify/template/api_sendtemplatemessage}), exactly as the outbox writes it.
     *
     * @param toUser      the follower's openid
     * @param url         the page the message opens; left out when empty
     * @param clientMsgId the delivery id: WeChat sends one message per openid and {@code client_msg_id} within 10
     *                    minutes (and promises nothing after that, so a lost answer is still left in doubt)
     * @param data        keyword → value, in the template's order
     */
    @JsonPropertyOrder({"touser", "template_id", "url", "client_msg_id", "data"})
    record Template(@JsonProperty("touser") String toUser, @JsonProperty("template_id") String templateId,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) String url, @JsonProperty("client_msg_id") String clientMsgId,
                    Map<String, Value> data) implements WeChatMessage {
        public Template {
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /** One keyword's {@code {"value": ...}}. */
    record Value(String value) {
    }
}
