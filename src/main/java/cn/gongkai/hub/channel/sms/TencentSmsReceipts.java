package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.delivery.Receipts;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Tencent Cloud SMS's status callback (短信下发状态通知, https://cloud.tencent.com/document/product/382/5807): a JSON array
 * of {@code {user_receive_time, nationcode, mobile, report_status, errmsg, description, sid}}, answered
 * {@code {"result":0,"errmsg":"OK"}} (Tencent reads {@code result}; anything else and it pushes again). {@code sid} is
 * the {@code SerialNo} {@link TencentSmsTransport} recorded as the reference: {@code report_status} SUCCESS is
 * {@code DELIVRD}, FAIL {@code UNDELIV}, with Tencent's {@code errmsg} and {@code description}. Open only while
 * {@code tencent} is a selected transport.
 */
@Singleton
@Requires(property = "hub.channels.sms.selected.tencent", value = "true")
public final class TencentSmsReceipts extends SmsReceiptPush {

    TencentSmsReceipts(TencentSmsConfig config, Receipts receipts) {
        super(TencentSmsTransport.NAME, config.callbackToken(), receipts);
    }

    @Override
    Report report(JsonNode entry) {
        String sid = text(entry, "sid");
        if (sid == null || sid.isBlank()) {
            return null;
        }
        boolean success = "SUCCESS".equalsIgnoreCase(String.valueOf(text(entry, "report_status")).strip());
        String code = text(entry, "errmsg");
        String description = text(entry, "description");
        String detail = (code == null ? "" : code) + (description == null || description.isBlank() ? "" : " " + description);
        return new Report(sid.strip(), new DeliveryReceipt(success ? "DELIVRD" : "UNDELIV", time(text(entry, "user_receive_time")), detail.strip()));
    }

    @Override
    Map<String, Object> reply(int code, String message) {
        return body("result", code, "errmsg", code == 0 ? "OK" : message);
    }
}
