package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.item.Attachment;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** What the WeChat channel renders: a draft to publish, or the deletion of a published article. */
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
}
