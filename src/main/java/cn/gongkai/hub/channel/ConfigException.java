package cn.gongkai.hub.channel;

/** A configuration problem reported at start-up as one line: file, key, problem. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
