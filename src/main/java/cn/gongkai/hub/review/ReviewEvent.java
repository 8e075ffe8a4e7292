package cn.gongkai.hub.review;

import cn.gongkai.hub.review.scan.Finding;

import java.time.Instant;
import java.util.List;

/**
 * One line of the review record (造表登记): a submission with its scan, or a reviewer's decision. Written once,
 * never changed.
 *
 * @param kind     {@code submit} or {@code review}
 * @param channels proposed channels (拟公开方式)
 * @param scope    proposed scope (拟公开范围): the disclosure type
 */
public record ReviewEvent(String kind, String itemId, String title, int version, String contentHash, String docNumber,
                          List<String> channels, String scope, String actor, String actorName, String role,
                          String stage, String decision, String comment, List<Finding> findings, List<Waiver> waivers,
                          Instant at) {
}
