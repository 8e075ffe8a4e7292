package cn.gongkai.hub.web;

import cn.gongkai.hub.subscriber.Unsubscribes;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * {@code GET /unsubscribe/{token}}: the link in a notice e-mail. One click unsubscribes and the page says what
 * happened; {@code POST} does the same for mail clients that unsubscribe on their own (RFC 8058 one-click). No sign-in:
 * the signed token is the authority, and a tampered one is refused.
 */
@Controller("/unsubscribe")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
class UnsubscribeController {
    private final Unsubscribes unsubscribes;

    UnsubscribeController(Unsubscribes unsubscribes) {
        this.unsubscribes = unsubscribes;
    }

    @Get(value = "/{token}", produces = MediaType.TEXT_HTML + ";charset=UTF-8")
    HttpResponse<String> click(String token) {
        return page(unsubscribes.unsubscribe(token));
    }

    @Post(value = "/{token}", consumes = MediaType.ALL, produces = MediaType.TEXT_HTML + ";charset=UTF-8")
    HttpResponse<String> oneClick(String token) {
        return page(unsubscribes.unsubscribe(token));
    }

    private static HttpResponse<String> page(Unsubscribes.Outcome o) {
        String channel = o.channel() == null ? "" : o.channel().label();
        String title;
        String text;
        HttpStatus status = HttpStatus.OK;
        switch (o.result()) {
            case UNSUBSCRIBED -> {
                title = "退订成功";
                text = "已为 " + o.address() + " 退订" + channel + "通知，今后不再向该地址发送。若是误点，请联系发布单位重新订阅。";
            }
            case ALREADY -> {
                title = "您已退订";
                text = o.address() + " 此前已退订" + channel + "通知，无需再次操作。";
            }
            case NO_SUCH_PERSON -> {
                title = "订阅已不存在";
                text = "该订阅信息已删除，今后不会再收到通知。";
                status = HttpStatus.GONE;
            }
            default -> {
                title = "退订链接无效";
                text = "此链接不完整或已被改动，无法办理退订。请使用通知邮件中的原始链接，或联系发布单位。";
                status = HttpStatus.BAD_REQUEST;
            }
        }
        Document doc = Document.createShell("");
        doc.prependChild(new org.jsoup.nodes.DocumentType("html", "", ""));
        doc.selectFirst("html").attr("lang", "zh-CN");
        doc.head().appendElement("meta").attr("charset", "UTF-8");
        doc.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        doc.head().appendElement("title").text(title);
        doc.head().appendElement("style").appendText("body{font-family:'PingFang SC','Microsoft YaHei',sans-serif;font-size:20px;"
                + "line-height:1.6;max-width:40em;margin:2em auto;padding:0 1em;color:#111;background:#fff}h1{font-size:28px}");
        Element main = doc.body().appendElement("main");
        main.appendElement("h1").text(title);
        main.appendElement("p").text(text);
        return HttpResponse.<String>status(status).body(doc.outerHtml()).contentType(MediaType.TEXT_HTML + ";charset=UTF-8")
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer");
    }
}
