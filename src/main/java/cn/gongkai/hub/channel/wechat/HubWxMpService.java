package cn.gongkai.hub.channel.wechat;

import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;

/**
 * WxJava's service without its resending: {@code BaseWxMpServiceImpl.execute} sends a call answered -1 (system busy)
 * again up to {@code maxRetryTimes} times, sleeping on the consumer thread, and then throws a WxRuntimeException that
 * has lost the code. Here a call is made once (with WxJava's one token refresh and retry on 40001, 40014, 42001), and
 * -1 comes back as the WxErrorException it was, for the transport to retry through the engine.
 */
final class HubWxMpService extends WxMpServiceImpl {

    @Override
    public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data) throws WxErrorException {
        return executeInternal(executor, uri, data, false);
    }
}
