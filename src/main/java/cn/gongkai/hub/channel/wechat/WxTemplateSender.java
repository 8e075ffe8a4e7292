package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.channel.Transport.Addressed;
import cn.gongkai.hub.channel.wechat.WeChatSteps.Step;
import cn.gongkai.hub.channel.wechat.WeChatSteps.Steps;
import cn.gongkai.hub.channel.wechat.WxJavaTransport.Failure;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Targeted notices through WxJava: {@code POST /cgi-bin/message/template/send}
 * ({@code WxMpTemplateMsgService.sendTemplateMsg}, {@code doc/service/api/notify/template/api_sendtemplatemessage}),
 * one call per follower (the API takes one {@code touser}); the reference is the {@code msgid} it returns, which the
 * {@code TEMPLATESENDJOBFINISH} event later names ({@link WeChatCallbacks}).
 *
 * <p>A template message cannot be recalled, and WeChat keeps it from going twice only for ten minutes (same openid and
 * {@code client_msg_id}, here the delivery id), so it is never sent twice by the hub itself: the attempt is recorded
 * ({@link Step#TEMPLATE_SENDING}) before the call goes out and the msgid as soon as it comes back. A delivery that has
 * a msgid is SENT again without a call; one whose call went out without a recorded answer (the answer was lost, or the
 * hub stopped, and the engine hands it over again) is IN_DOUBT. Only a person's resend of an IN_DOUBT delivery (a later
 * attempt than the one recorded in doubt) sends it again.
 *
 * <p>Answers: 43004 (not a follower), 40003 (not an openid of the account), 43101 (the follower refuses the
 * account's messages): that delivery REJECTED, the batch goes on. 40037 (unknown template_id), 47003 (the data do not
 * fit the template): every follower would get the same answer, so the rest of the batch is REJECTED with one reason and
 * not tried. 45009, 45011, 45047 and token errors: not sent, the rest of the batch retried later. -1 (system error) and
 * a lost answer came after the call went out: IN_DOUBT, and the rest of the batch retried later.
 */
final class WxTemplateSender {
    private static final Set<Integer> NOT_THIS_FOLLOWER = Set.of(43004, 40003, 43101);
    private static final Set<Integer> NOT_THIS_TEMPLATE = Set.of(40037, 47003);
    /** Refused before anything was sent: daily and per-minute limits, 45047 (too many messages), token errors left after WxJava's refresh. */
    private static final Set<Integer> NOT_NOW = Set.of(45009, 45011, 45047, 40001, 40014, 42001);
    private static final String NO_RECALL = "a template message cannot be recalled and WeChat de-duplicates it for ten minutes only,"
            + " so the hub does not send it again by itself: resend it only after checking the follower did not get it";

    private final WxMpService wx;
    private final WeChatSteps steps;
    private final String apiHost;

    WxTemplateSender(WxMpService wx, WeChatSteps steps, String apiHost) {
        this.wx = wx;
        this.steps = steps;
        this.apiHost = apiHost;
    }

    List<DeliveryOutcome> send(List<Addressed<WeChatMessage>> batch) {
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Delivery d = batch.get(i).delivery();
            WeChatMessage.Template t = (WeChatMessage.Template) batch.get(i).message();
            String id = d.id();
            Steps s = steps.load(id);
            if (s.has(Step.MSG_ID)) {
                out.add(DeliveryOutcome.sent(new Receipt(id, 1, 1, s.get(Step.MSG_ID))));
                continue;
            }
            if (s.has(Step.TEMPLATE_SENDING) && !resentByAPerson(d, s)) {
                steps.record(id, Step.TEMPLATE_DOUBT, String.valueOf(d.attempt()));
                out.add(DeliveryOutcome.inDoubt(id, "message/template/send of this notice went out in attempt "
                        + s.get(Step.TEMPLATE_SENDING) + " and its answer was never recorded (the hub stopped, or the answer was lost):"
                        + " the follower may have it; " + NO_RECALL));
                continue;
            }
            steps.record(id, Step.TEMPLATE_SENDING, String.valueOf(d.attempt()));
            steps.keep(id, WeChatSteps.NOTICE_KEPT);
            String msgId;
            try {
                msgId = wx.getTemplateMsgService().sendTemplateMsg(message(t));
            } catch (WxErrorException e) {
                Stop stop = answer(d, t, e);
                out.add(stop.outcome);
                if (stop.rest != null) {
                    for (int j = i + 1; j < batch.size(); j++) {
                        String other = batch.get(j).delivery().id();
                        out.add(stop.restRejected ? DeliveryOutcome.rejected(other, stop.rest) : DeliveryOutcome.unavailable(other, stop.rest));
                    }
                    break;
                }
                continue;
            } catch (RuntimeException e) {
                // WxJava could not read the answer (not JSON, no msgid): the call went out
                steps.record(id, Step.TEMPLATE_DOUBT, String.valueOf(d.attempt()));
                out.add(DeliveryOutcome.inDoubt(id, "message/template/send: unreadable answer (" + WxJavaTransport.rootMessage(e)
                        + "): the follower may have got the notice; " + NO_RECALL));
                for (int j = i + 1; j < batch.size(); j++) {
                    out.add(DeliveryOutcome.unavailable(batch.get(j).delivery().id(), "not tried: WeChat's answer to the one before was unreadable"));
                }
                break;
            }
            steps.record(id, Step.MSG_ID, msgId);
            out.add(DeliveryOutcome.sent(new Receipt(id, 1, 1, msgId)));
        }
        return out;
    }

    /** A later attempt than the one left in doubt: the engine hands it over again only when a person resent it. */
    private static boolean resentByAPerson(Delivery d, Steps s) {
        String doubt = s.get(Step.TEMPLATE_DOUBT);
        try {
            return doubt != null && !doubt.isEmpty() && d.attempt() > Integer.parseInt(doubt);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * What a refused or unanswered call means for this delivery and for the rest of the batch.
     *
     * @param rest         null: the batch goes on; else the reason the rest get
     * @param restRejected the rest are REJECTED (else retried later)
     */
    private record Stop(DeliveryOutcome outcome, String rest, boolean restRejected) {
    }

    private Stop answer(Delivery d, WeChatMessage.Template t, WxErrorException e) {
        String id = d.id();
        Failure f = Failure.of(e);
        if (f == Failure.NOT_SENT) {
            steps.forget(id, Step.TEMPLATE_SENDING);
            String why = "message/template/send: cannot reach " + apiHost + " (" + WxJavaTransport.rootMessage(e) + ")";
            return new Stop(DeliveryOutcome.unavailable(id, why), why, false);
        }
        if (f == Failure.NO_ANSWER) {
            steps.record(id, Step.TEMPLATE_DOUBT, String.valueOf(d.attempt()));
            return new Stop(DeliveryOutcome.inDoubt(id, "message/template/send got no answer (" + WxJavaTransport.rootMessage(e)
                    + "): the follower may have got the notice; " + NO_RECALL), "not tried: WeChat did not answer the one before", false);
        }
        int code = e.getError().getErrorCode();
        String said = "message/template/send: " + WxJavaTransport.describe(e.getError());
        if (code == -1) {
            steps.record(id, Step.TEMPLATE_DOUBT, String.valueOf(d.attempt()));
            return new Stop(DeliveryOutcome.inDoubt(id, said + " after the call went out: WeChat may have sent it; " + NO_RECALL),
                    "not tried: WeChat answered -1 (system error) to the one before", false);
        }
        steps.forget(id, Step.TEMPLATE_SENDING);
        if (NOT_THIS_FOLLOWER.contains(code)) {
            String who = switch (code) {
                case 43004 -> "the person does not follow the account (any more)";
                case 40003 -> "the address is not an openid of this account";
                default -> "the follower refuses messages from the account";
            };
            return new Stop(DeliveryOutcome.rejected(id, said + ": " + who), null, false);
        }
        if (NOT_THIS_TEMPLATE.contains(code)) {
            String why = said + (code == 40037 ? ": template " + t.templateId() + " is not one of the account's templates"
                    : ": the data do not fit template " + t.templateId()) + " (" + NoticeTemplate.FILE + " notice-template);"
                    + " every follower would get the same answer, so none of this batch is sent";
            return new Stop(DeliveryOutcome.rejected(id, why), why, true);
        }
        if (NOT_NOW.contains(code)) {
            return new Stop(DeliveryOutcome.unavailable(id, said), "not tried: " + said, false);
        }
        return new Stop(DeliveryOutcome.rejected(id, said), null, false);
    }

    /**
     * The rendered message as WxJava's bean, its data set as a list: {@code addData} rewrites long values by itself (a
     * thing over 20 becomes 17 characters and "...", a phone number over 17 is cut to 14), and what goes out must be
     * what the channel rendered (and the outbox would have written).
     */
    static WxMpTemplateMessage message(WeChatMessage.Template t) {
        WxMpTemplateMessage m = WxMpTemplateMessage.builder().toUser(t.toUser()).templateId(t.templateId())
                .url(t.url() == null || t.url().isEmpty() ? null : t.url()).clientMsgId(t.clientMsgId()).build();
        List<WxMpTemplateData> data = new ArrayList<>(t.data().size());
        for (Map.Entry<String, WeChatMessage.Value> e : t.data().entrySet()) {
            data.add(new WxMpTemplateData(e.getKey(), e.getValue().value()));
        }
        m.setData(data);
        return m;
    }
}
