package cn.gongkai.hub.channel.wechat;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** What the WeChat channel renders: a draft to publish, or the deletion of a published article. */
public sealed interface WeChatMessage {

    /** The body of {@code POST /cgi-bin/draft/add}, without {@code thumb_media_id} (the real transport uploads the cover). */
    record Draft(List<Article> articles) implements WeChatMessage {
        public Draft {
            articles = List.copyOf(articles);
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
