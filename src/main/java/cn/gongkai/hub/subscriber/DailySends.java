package cn.gongkai.hub.subscriber;

import java.time.LocalDate;
import java.util.List;

/**
 * How many notices went to each address on a channel on one day (and in all, for account-wide limits), counted when
 * they are planned, so that a quota is planned, not discovered. Addresses are kept as one-way digests.
 */
public interface DailySends {

    /** The counts of these addresses on the day, in order. */
    List<Long> counts(String channel, LocalDate day, List<String> addresses);

    /** The account-wide count of the day. */
    long total(String channel, LocalDate day);

    /** Counts one more for each address, and as many more in the total. */
    void add(String channel, LocalDate day, List<String> addresses);
}
