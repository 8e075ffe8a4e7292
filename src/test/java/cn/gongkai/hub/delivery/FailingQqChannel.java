package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Channel;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.qq.QqChannel;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the QQ channel in tests of the retry path: unavailable for the first {@code hub.test.qq-failures}
 * calls (or always, with -1), then sends. Counts every call.
 */
@Singleton
@Replaces(QqChannel.class)
@Requires(property = "hub.test.qq-failures")
public class FailingQqChannel implements Channel {
    public static final AtomicInteger CALLS = new AtomicInteger();
    private final int failures;

    public FailingQqChannel(@Value("${hub.test.qq-failures}") int failures) {
        this.failures = failures;
        CALLS.set(0);
    }

    @Override
    public String name() {
        return "qq";
    }

    @Override
    public boolean resendSafe() {
        return false;
    }

    @Override
    public cn.gongkai.hub.channel.TargetSource targets() {
        return cn.gongkai.hub.channel.TargetSource.of(List.of(new Target("test-group", "123456", "测试群")));
    }

    @Override
    public List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries) throws ChannelUnavailableException {
        int call = CALLS.incrementAndGet();
        if (failures < 0 || call <= failures) {
            throw new ChannelUnavailableException("OneBot answered HTTP 503 (call " + call + ")");
        }
        List<DeliveryOutcome> out = new ArrayList<>();
        for (Delivery d : deliveries) {
            out.add(DeliveryOutcome.sent(new Receipt(d.id(), 1, 1, "msg-" + call)));
        }
        return out;
    }
}
