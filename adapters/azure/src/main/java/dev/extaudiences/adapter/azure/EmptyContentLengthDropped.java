package dev.extaudiences.adapter.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/**
 * Takes off the {@code Content-Length: 0} the SDK puts on every request without a body. The JDK's client refuses to
 * be given that header (it sets the length itself) and the SDK's adapter logs a warning each time it drops it: one
 * warning per listing page or download. Runs after the request is signed, which counts a length of 0 as none.
 */
final class EmptyContentLengthDropped implements HttpPipelinePolicy {

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        drop(context.getHttpRequest());
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        drop(context.getHttpRequest());
        return next.processSync();
    }

    private static void drop(HttpRequest request) {
        if (request.getBodyAsBinaryData() == null
                && "0".equals(request.getHeaders().getValue(HttpHeaderName.CONTENT_LENGTH))) {
            request.getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
        }
    }
}
