package cn.gongkai.hub.channel.website;

/** One rendered HTML5 page (UTF-8), an item page or a withdrawal notice. */
public record WebPage(String html) {
}
