package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Rate;

import java.time.Instant;

/** Sending slots of a rate limit shared by every hub instance (GCRA in Redis). */
public interface RateLimiter {

    /** Reserves the next {@code wanted} slots of the limit named {@code name}; slots are handed out due or not. */
    Reservation reserve(String name, Rate rate, int wanted);

    /**
     * Slot {@code i} of a reservation is at {@code first + i * interval} (server clock, µs); a slot no later than
     * {@code now} may be used at once.
     */
    record Reservation(long nowMicros, long firstMicros, long intervalMicros) {
        /** Whether slot {@code i} is due now. */
        public boolean dueNow(int i) {
            return firstMicros + i * intervalMicros <= nowMicros;
        }

        /** When slot {@code i} is due, on this machine's clock. */
        public Instant due(int i, Instant localNow) {
            long wait = Math.max(0, firstMicros + i * intervalMicros - nowMicros);
            return localNow.plusNanos(wait * 1000);
        }
    }
}
