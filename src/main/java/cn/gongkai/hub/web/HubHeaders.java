package cn.gongkai.hub.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Headers every response of the hub carries, errors and Micronaut's own answers included.
 * {@code X-Content-Type-Options: nosniff}: a browser takes the declared Content-Type as it is and never guesses
 * one, so an attachment or an error cannot be run as HTML or script.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class HubHeaders implements Ordered {
    @ResponseFilter
    void headers(MutableHttpResponse<?> response) {
        response.header("X-Content-Type-Options", "nosniff");
    }

    @Override
    public int getOrder() {
        // outermost: its response side runs last, after security and error handling have made the response
        return ServerFilterPhase.FIRST.order();
    }
}
