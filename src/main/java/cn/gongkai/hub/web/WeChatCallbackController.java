package cn.gongkai.hub.web;

import cn.gongkai.hub.channel.wechat.WeChatCallbacks;
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
import io.micronaut.security.rules.SecurityRule;

import java.net.InetSocketAddress;

/**
 * {@code GET /callbacks/wechat} (the URL check of the account's server configuration) and {@code POST /callbacks/wechat}
 * (the account's message and event push): the URL to enter in the account's 服务器配置 / 消息与事件推送. No sign-in (WeChat
 * calls); every request must carry WeChat's signature over the callback token ({@link WeChatCallbacks}), a body is at
 * most {@code hub.max-json-bytes} (the hub's buffer limit) and a push at most 64 KB. Without
 * {@code WECHAT_CALLBACK_TOKEN} the endpoint answers 404. Answers are text/plain: {@code echostr}, {@code success},
 * or why a request was refused.
 */
@Controller("/callbacks/wechat")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
class WeChatCallbackController {
    private final WeChatCallbacks callbacks;

    WeChatCallbackController(WeChatCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    @Get(produces = MediaType.TEXT_PLAIN)
    HttpResponse<String> verify(@Nullable @QueryValue String signature, @Nullable @QueryValue String timestamp,
                                @Nullable @QueryValue String nonce, @Nullable @QueryValue String echostr, HttpRequest<?> request) {
        return answer(callbacks.verify(new WeChatCallbacks.Query(signature, timestamp, nonce, echostr, null, null), from(request)));
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.TEXT_PLAIN)
    HttpResponse<String> receive(@Nullable @QueryValue String signature, @Nullable @QueryValue String timestamp,
                                 @Nullable @QueryValue String nonce, @Nullable @QueryValue("encrypt_type") String encryptType,
                                 @Nullable @QueryValue("msg_signature") String msgSignature, @Nullable @Body byte[] body,
                                 HttpRequest<?> request) {
        return answer(callbacks.receive(new WeChatCallbacks.Query(signature, timestamp, nonce, null, encryptType, msgSignature),
                body, from(request)));
    }

    private static HttpResponse<String> answer(WeChatCallbacks.Answer a) {
        return HttpResponse.<String>status(HttpStatus.valueOf(a.status())).contentType(MediaType.TEXT_PLAIN_TYPE).body(a.body());
    }

    private static String from(HttpRequest<?> request) {
        InetSocketAddress a = request.getRemoteAddress();
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
    }
}
