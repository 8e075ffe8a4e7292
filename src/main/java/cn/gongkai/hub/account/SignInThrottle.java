package cn.gongkai.hub.account;

/**
 * Failed sign-ins, counted per (user, source address) and per source address alone. A stranger's failures lock
 * only the stranger's own pair and address, never the user's sign-ins from elsewhere; a lock ends by itself and
 * only a new failure starts another.
 */
interface SignInThrottle {

    /** The lock that refuses a try without checking its password; {@code untilMillis} 0 when there is none. */
    record Lock(long untilMillis, boolean wholeAddress) {
        static final Lock NONE = new Lock(0, false);
    }

    /** The later of the (user, address) lock and the address lock still running at {@code now}. */
    Lock lockAt(String username, long epoch, ClientAddress from, long now);

    void failed(String username, long epoch, ClientAddress from, long now);

    /** Forgets the pair's failures; the address's stay, so one good account cannot clear a guessing address. */
    void succeeded(String username, long epoch, ClientAddress from);
}
