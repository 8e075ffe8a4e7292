package cn.gongkai.hub.channel.sms;

/**
 * What an SMS provider's error code means for the deliveries it answered, and what an operator can do about it.
 *
 * @param hint what to check, for the delivery's reason and the log (empty when the code says it all)
 */
record ProviderCode(Kind kind, String hint) {

    enum Kind {
        /** This number cannot be sent to (bad, blocked, over its daily limit): that delivery fails, the others go. */
        NUMBER,
        /** The message itself was refused (a blocked word in a variable): every number of the call fails. */
        CONTENT,
        /** Not sent now (throttled, the provider's own trouble): retried, or sent by the next provider. */
        RETRY,
        /**
         * The provider cannot send anything as configured (credentials, signature, template, balance): the batch goes
         * to the next provider, or is retried until someone fixes the setting.
         */
        UNUSABLE
    }

    static ProviderCode number(String hint) {
        return new ProviderCode(Kind.NUMBER, hint);
    }

    static ProviderCode content(String hint) {
        return new ProviderCode(Kind.CONTENT, hint);
    }

    static ProviderCode retry(String hint) {
        return new ProviderCode(Kind.RETRY, hint);
    }

    static ProviderCode unusable(String hint) {
        return new ProviderCode(Kind.UNUSABLE, hint);
    }
}
