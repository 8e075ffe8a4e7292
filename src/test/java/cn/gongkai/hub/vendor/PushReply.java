package cn.gongkai.hub.vendor;

/**
 * What a callback receiver answered to a receipt push.
 *
 * @param status       its HTTP status
 * @param body         its body as text
 * @param acknowledged whether the vendor would take the batch as received (HTTP 200 and the vendor's zero code:
 *                     {@code {"code":0}} for Aliyun, {@code {"result":0}} for Tencent); otherwise the vendor pushes again
 */
public record PushReply(int status, String body, boolean acknowledged) {
}
