package cn.gongkai.hub.channel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A transport setting that must come from the environment ({@code ${ENV_VAR:}} in the channel file) and, unless
 * optional, must be set when the transport is selected: a missing one stops the start naming the file, the key and the variable. Its value
 * is never logged or shown (the console shows set / not set).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Secret {
    /** An optional secret (SMTP AUTH for a relay that needs none) may be left empty, but is never written in the file. */
    boolean optional() default false;
}
