package cn.gongkai.hub;

/** A reason the hub cannot start, already worded as the one line an operator reads (see {@link StartupErrors}). */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
