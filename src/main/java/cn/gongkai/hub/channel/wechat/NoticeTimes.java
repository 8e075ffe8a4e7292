package cn.gongkai.hub.channel.wechat;

import java.time.Instant;

/**
 * When a targeted notice was released, the same for every batch and every hub instance, so the time its template
 * message shows ({@code publishedAt}) does not depend on when a retry of a later batch went out.
 */
interface NoticeTimes {

    /** The release time of the item version: {@code now} the first time it is asked for, that time after. */
    Instant releasedAt(String itemId, int version, Instant now);
}
