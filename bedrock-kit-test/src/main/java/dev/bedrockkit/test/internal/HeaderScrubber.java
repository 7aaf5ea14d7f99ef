package dev.bedrockkit.test.internal;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Removes the {@code Matched-Stub-Id} header WireMock adds to stubbed responses, which AWS never
 * sends; keeps status, body and pacing. Stateless.
 */
public final class HeaderScrubber implements ResponseTransformerV2 {
  @Override
  public String getName() {
    return "bedrock-kit-header-scrubber";
  }

  @Override
  public Response transform(Response response, ServeEvent serveEvent) {
    List<HttpHeader> kept = response.getHeaders().all().stream()
        .filter(h -> !h.key().equalsIgnoreCase("Matched-Stub-Id") && !h.key().equalsIgnoreCase("Matched-Stub-Name"))
        .collect(Collectors.toList());
    return Response.Builder.like(response).but().headers(new HttpHeaders(kept)).build();
  }
}
