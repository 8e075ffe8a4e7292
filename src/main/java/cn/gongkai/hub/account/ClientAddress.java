package cn.gongkai.hub.account;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a sign-in comes from: the TCP peer, or, when {@code hub.security.client-ip-header} names a header, the
 * last address in that header (the one the hub's own proxy appended; earlier entries are whatever the client sent).
 * Only IP literals are accepted, so nothing here resolves a name and a key built from it stays short.
 *
 * @param ip     the address as text (IPv6 without a zone)
 * @param bucket what the per-address counter counts: the address itself, or its /64 for IPv6, because one IPv6
 *               host usually holds a whole /64
 */
public record ClientAddress(String ip, String bucket) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    static final ClientAddress UNKNOWN = new ClientAddress("unknown", "unknown");

    /**
     * @param peer          the TCP remote address
     * @param headerValues  the values of the configured header, empty when none is configured or sent
     */
    public static ClientAddress of(InetSocketAddress peer, List<String> headerValues) {
        if (!headerValues.isEmpty()) {
            String all = headerValues.get(headerValues.size() - 1);
            String last = all.substring(all.lastIndexOf(',') + 1).strip();
            InetAddress forwarded = literal(last);
            if (forwarded != null) {
                return of(forwarded);
            }
        }
        return peer == null || peer.getAddress() == null ? UNKNOWN : of(peer.getAddress());
    }

    static ClientAddress of(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            String text = a.getHostAddress();
            int zone = text.indexOf('%');
            String ip = zone < 0 ? text : text.substring(0, zone);
            String prefix = String.format("%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
            return new ClientAddress(ip, prefix);
        }
        return new ClientAddress(a.getHostAddress(), a.getHostAddress());
    }

    private static boolean ipv4(String s) {
        if (!IPV4.matcher(s).matches()) {
            return false;
        }
        for (String part : s.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IP literal, or null; never a DNS lookup (InetAddress resolves only strings that are not literals). */
    static InetAddress literal(String s) {
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (!IP_CHARS.matcher(s).matches() || !(s.indexOf(':') >= 0 || ipv4(s))) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
