package cn.gongkai.hub.review;

/** Told of every refusal the review gate records (metrics, alerts). Never throws. */
public interface GateRefusals {
    void refused(Refusal refusal);
}
