package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Target;

/** One delivery as claimed for a batch: its code, its target and the attempt it is now in. */
public record Claim(String deliveryId, ClaimCode code, Target target, int attempt) {
}
