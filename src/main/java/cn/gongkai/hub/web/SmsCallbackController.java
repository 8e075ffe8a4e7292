package cn.gongkai.hub.web;

import cn.gongkai.hub.channel.sms.AliyunSmsReceipts;
import cn.gongkai.hub.channel.sms.SmsReceiptPush;
import cn.gongkai.hub.channel.sms.TencentSmsReceipts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /callbacks/sms/aliyun} and {@code POST /callbacks/sms/tencent}: the SMS vendors' receipt pushes. No
 * sign-in (the vendor calls); each vendor's {@code callback-token}, when set, is checked as {@code ?token=}. A vendor
 * that is not a selected transport gets 404. Answers are in the vendor's own reply shape, which it reads to decide
 * whether to push again.
 */
@Controller("/callbacks/sms")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
class SmsCallbackController {
    private final Optional<AliyunSmsReceipts> aliyun;
    private final Optional<TencentSmsReceipts> tencent;

    SmsCallbackController(Optional<AliyunSmsReceipts> aliyun, Optional<TencentSmsReceipts> tencent) {
        this.aliyun = aliyun;
        this.tencent = tencent;
    }

    @Post(uri = "/aliyun", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> aliyun(@Nullable @QueryValue String token, @Nullable @Body byte[] body, HttpRequest<?> request) {
        return aliyun.<HttpResponse<Map<String, Object>>>map(r -> answer(r.receive(token, body, from(request))))
                .orElseGet(() -> notSelected("code", "msg", "aliyun"));
    }

    @Post(uri = "/tencent", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> tencent(@Nullable @QueryValue String token, @Nullable @Body byte[] body, HttpRequest<?> request) {
        return tencent.<HttpResponse<Map<String, Object>>>map(r -> answer(r.receive(token, body, from(request))))
                .orElseGet(() -> notSelected("result", "errmsg", "tencent"));
    }

    private static HttpResponse<Map<String, Object>> answer(SmsReceiptPush.Answer a) {
        return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(a.status())).body(a.body());
    }

    private static HttpResponse<Map<String, Object>> notSelected(String codeField, String messageField, String transport) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(codeField, 404);
        body.put(messageField, transport + " is not a selected SMS transport of this hub (channel-config/sms.yml transport:)");
        return HttpResponse.<Map<String, Object>>status(HttpStatus.NOT_FOUND).body(body);
    }

    private static String from(HttpRequest<?> request) {
        InetSocketAddress a = request.getRemoteAddress();
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
    }
}
