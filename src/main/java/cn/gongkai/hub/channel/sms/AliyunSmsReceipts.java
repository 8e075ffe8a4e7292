package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.delivery.Receipts;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Aliyun's SmsReport HTTP batch push (短信发送状态报告, https://help.aliyun.com/zh/sms/developer-reference/smsreport-2):
 * a JSON array of {@code {phone_number, send_time, report_time, success, err_code, err_msg, sms_size, biz_id, out_id}},
 * answered {@code {"code":0,"msg":"接收成功"}} (Aliyun reads {@code code}; anything else and it pushes again). Each report
 * names its message as {@code <biz_id>:<phone_number>}, the reference {@link AliyunSmsTransport} recorded:
 * {@code success} true is {@code DELIVRD}, false {@code UNDELIV}, with Aliyun's {@code err_code} and {@code err_msg}.
 * Open only while {@code aliyun} is a selected transport.
 */
@Singleton
@Requires(property = "hub.channels.sms.selected.aliyun", value = "true")
public final class AliyunSmsReceipts extends SmsReceiptPush {
    private static final Pattern MOBILE = Pattern.compile("(?:\\+?86|0086)?(1[3-9]\\d{9})");

    AliyunSmsReceipts(AliyunSmsConfig config, Receipts receipts) {
        super(AliyunSmsTransport.NAME, config.callbackToken(), receipts);
    }

    @Override
    Report report(JsonNode entry) {
        String bizId = text(entry, "biz_id");
        String phone = text(entry, "phone_number");
        if (bizId == null || bizId.isBlank() || phone == null || phone.isBlank()) {
            return null;
        }
        Matcher m = MOBILE.matcher(phone.strip());
        String number = m.matches() ? m.group(1) : phone.strip();
        boolean success = entry.path("success").asBoolean(false);
        String code = text(entry, "err_code");
        String message = text(entry, "err_msg");
        String detail = (code == null ? "" : code) + (message == null || message.isBlank() ? "" : " " + message);
        return new Report(bizId.strip() + ":" + number,
                new DeliveryReceipt(success ? "DELIVRD" : "UNDELIV", time(text(entry, "report_time")), detail.strip()));
    }

    @Override
    Map<String, Object> reply(int code, String message) {
        return body("code", code, "msg", code == 0 ? "接收成功" : message);
    }
}
