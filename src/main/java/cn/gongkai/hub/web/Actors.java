package cn.gongkai.hub.web;

import cn.gongkai.hub.audit.Actor;
import io.micronaut.security.authentication.Authentication;

/** The signed-in user as the audit log names them: with the role the endpoint's {@code @Secured} let them act in. */
final class Actors {
    private Actors() {
    }

    /** The first of {@code roles} (the endpoint's, strongest first) the user holds. */
    static Actor of(Authentication auth, String... roles) {
        for (String r : roles) {
            if (auth.getRoles().contains(r)) {
                return Actor.of(auth.getName(), r);
            }
        }
        throw new IllegalStateException(auth.getName() + " holds none of the roles " + String.join(", ", roles) + " of this endpoint");
    }
}
