package cn.gongkai.hub.channel.sms;

import org.jsmpp.SMPPConstant;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * SMPP command_status values (SMPP 3.4 §5.1.3, jSMPP's {@link SMPPConstant}) by name, and what a refused submit_sm
 * means for the message: try again later, or never.
 */
final class SmppStatus {
    private static final Map<Integer, String> NAMES = names();

    private SmppStatus() {
    }

    /** {@code ESME_RTHROTTLED (0x58)}; an unknown value by its number alone. */
    static String name(int status) {
        String n = NAMES.get(status);
        String hex = "0x" + String.format("%02X", status);
        return n == null ? "command_status " + hex : n + " (" + hex + ")";
    }

    /**
     * The SMSC cannot take it now but will later: throttled (0x58), its queue is full (0x14), or a system error
     * (0x08), which gateways answer while a back end restarts. Every other refusal of a submit_sm is for good.
     */
    static boolean transientRefusal(int status) {
        return status == SMPPConstant.STAT_ESME_RTHROTTLED || status == SMPPConstant.STAT_ESME_RMSGQFUL
                || status == SMPPConstant.STAT_ESME_RSYSERR;
    }

    static boolean invalidDestination(int status) {
        return status == SMPPConstant.STAT_ESME_RINVDSTADR;
    }

    private static Map<Integer, String> names() {
        Map<Integer, String> out = new HashMap<>();
        for (Field f : SMPPConstant.class.getFields()) {
            if (f.getName().startsWith("STAT_ESME_") && f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    out.putIfAbsent(f.getInt(null), f.getName().substring("STAT_".length()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(out);
    }
}
