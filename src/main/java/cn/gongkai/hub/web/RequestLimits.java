package cn.gongkai.hub.web;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.exceptions.BufferLengthExceededHandler;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The request size limits a client meets are the hub's own, {@code hub.max-json-bytes} and
 * {@code hub.max-attachment-bytes}, and are answered in the hub's words.
 *
 * <p>Micronaut 4.10 on Netty has three limits of its own, all set here from those two:
 * {@code micronaut.server.max-request-size} is checked against a declared Content-Length before the body is read and
 * against the bytes received so far (chunked bodies); {@code micronaut.server.max-request-buffer-size} caps a body
 * that a controller takes whole, which every JSON endpoint does ({@code @Body byte[]}); and
 * {@code micronaut.server.multipart.max-file-size} caps one multipart part, which is decoded as it streams in and
 * never counts against the buffer limit (the attachment store applies {@code hub.max-attachment-bytes} to it). Their exceptions ({@link ContentLengthExceededException},
 * {@link BufferLengthExceededException}) name Micronaut's properties, so their handlers are replaced here.
 */
@Singleton
class RequestLimits implements BeanCreatedEventListener<HttpServerConfiguration> {
    /** Room for the multipart boundary and part headers around the largest attachment. */
    static final long MULTIPART_FRAMING = 64 * 1024;

    private final HubConfig hub;

    RequestLimits(HubConfig hub) {
        this.hub = hub;
    }

    @Override
    public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
        HttpServerConfiguration server = event.getBean();
        server.setMaxRequestBufferSize(hub.maxJsonBytes());
        server.setMaxRequestSize(Math.max(hub.maxJsonBytes(), hub.maxAttachmentBytes() + MULTIPART_FRAMING));
        // never the limit that fires: a part over hub.max-attachment-bytes is refused by the attachment store in the hub's words
        server.getMultipart().setMaxFileSize(hub.maxAttachmentBytes() + MULTIPART_FRAMING);
        return server;
    }

    HubException jsonTooLarge() {
        return new HubException(413, "the request body is larger than the " + size(hub.maxJsonBytes()) + " the hub accepts for JSON requests", null, null);
    }

    HubException uploadTooLarge() {
        String limit = size(hub.maxAttachmentBytes());
        return new HubException(413, "the upload is larger than the " + limit + " the hub accepts for an attachment",
                List.of(new FieldError("file", "is larger than the limit of " + limit)), null);
    }

    HubException tooLarge(HttpRequest<?> request) {
        boolean upload = request.getContentType().map(t -> t.matches(MediaType.MULTIPART_FORM_DATA_TYPE)).orElse(false);
        return upload ? uploadTooLarge() : jsonTooLarge();
    }

    /** 2097152 → "2 MB" (binary units, as Micronaut reads "2MB"). */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    /**
     * Refuses an upload whose declared length is over the limit before its body is touched. Micronaut's own check on
     * multipart bodies stops reading the connection when it refuses, so a client that sends the whole body before it
     * reads the answer (java.net.http does) waits forever; a response given here lets Micronaut drain the body.
     */
    @ServerFilter("/api/**")
    static class DeclaredLength implements Ordered {
        private final RequestLimits limits;
        private final HttpServerConfiguration server;

        DeclaredLength(RequestLimits limits, HttpServerConfiguration server) {
            this.limits = limits;
            this.server = server;
        }

        @RequestFilter
        @Nullable
        HttpResponse<?> declared(HttpRequest<?> request) {
            return request.getContentLength() > server.getMaxRequestSize() ? ApiErrors.response(limits.tooLarge(request)) : null;
        }

        @Override
        public int getOrder() {
            return ServerFilterPhase.FIRST.after();
        }
    }

    @Produces
    @Singleton
    @Replaces(ContentLengthExceededHandler.class)
    static class ContentLength implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {
        private final RequestLimits limits;

        ContentLength(RequestLimits limits) {
            this.limits = limits;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException e) {
            return ApiErrors.response(limits.tooLarge(request));
        }
    }

    @Produces
    @Singleton
    @Replaces(BufferLengthExceededHandler.class)
    static class BufferLength implements ExceptionHandler<BufferLengthExceededException, HttpResponse<?>> {
        private final RequestLimits limits;

        BufferLength(RequestLimits limits) {
            this.limits = limits;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, BufferLengthExceededException e) {
            return ApiErrors.response(limits.tooLarge(request));
        }
    }
}
