package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.common.ContentTypes;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.bedrockkit.test.Operation;
import dev.bedrockkit.test.RecordedCall;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WireMock extension that answers every request: routes Bedrock Runtime paths and SSM
 * targets, builds the body (event-stream frames included) per request, sets the pacing, and
 * records the call in the journal. Thread-safe.
 */
public final class Router implements ResponseDefinitionTransformerV2 {
  /** The extension name. */
  public static final String NAME = "bedrock-kit-emulator";

  // botocore bedrock-runtime: requestUri /model/{modelId}/converse etc.; the SDK percent-encodes
  // the label, so ':' arrives as %3A and '/' in ARNs as %2F.
  private static final Pattern BEDROCK_PATH =
      Pattern.compile("/model/([^/?]+)/(converse|converse-stream|invoke|invoke-with-response-stream)");
  // restJson1 error type header; the real service appends a Coral namespace after ':'
  // (captured in fumito-ito/AnthropicSwiftSDK#19); the SDK cuts at ':'.
  private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  private final EmulatorState state;
  private final BedrockApi bedrock;
  private final SsmApi ssm;

  /**
   * Creates the router.
   *
   * @param state the emulator state
   */
  public Router(EmulatorState state) {
    this.state = state;
    this.bedrock = new BedrockApi(state);
    this.ssm = new SsmApi(state);
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpHeader h : request.getHeaders().all()) {
      headers.put(h.key().toLowerCase(Locale.ROOT), List.copyOf(h.values()));
    }
    String region = Regions.fromAuthorization(first(headers, "authorization"), state.defaultRegion());
    byte[] rawBody = request.getBody();
    JsonNode body = Json.parseOrMissing(rawBody);
    String path = request.getUrl();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    Matcher m = BEDROCK_PATH.matcher(path);
    Operation op;
    String modelId = null;
    boolean isBedrock;
    if (m.matches() && request.getMethod().getName().equals("POST")) {
      isBedrock = true;
      modelId = percentDecode(m.group(1));
      op = bedrockOperation(m.group(2));
    } else if (path.equals("/") && first(headers, "x-amz-target") != null
        && first(headers, "x-amz-target").startsWith("AmazonSSM.")) {
      isBedrock = false;
      op = Operation.ssm(first(headers, "x-amz-target").substring("AmazonSSM.".length()));
    } else {
      isBedrock = !path.equals("/");
      op = Operation.UNKNOWN;
    }

    WireResponse response;
    try {
      if (op == Operation.UNKNOWN && isBedrock) {
        throw new ApiError(404, "UnknownOperationException", null, null, null);
      }
      response = isBedrock ? bedrock.handle(op, modelId, region, body, headers) : ssm.handle(op, region, body);
    } catch (BedrockApi.DelayedError e) {
      response = error(e.error(), isBedrock, e.delay());
    } catch (ApiError e) {
      response = error(e, isBedrock, Duration.ZERO);
    } catch (RuntimeException e) {
      ApiError internal = isBedrock
          ? ApiError.bedrock(500, "InternalServerException", "Emulator failure: " + e)
          : new ApiError(500, "InternalServerError", "Message", "Emulator failure: " + e, null);
      response = error(internal, isBedrock, Duration.ZERO);
    }

    state.journal().record(new RecordedCall(
        op,
        modelId,
        region,
        body.isMissingNode() ? body : body.deepCopy(),
        new String(rawBody == null ? new byte[0] : rawBody, StandardCharsets.UTF_8),
        Map.copyOf(headers),
        request.getProtocol(),
        state.clock().instant(),
        response.status(),
        response.errorType()));

    ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition()
        .withStatus(response.status())
        .withBody(response.body());
    response.headers().forEach(b::withHeader);
    b.withHeader("x-amzn-RequestId", state.nextRequestId());
    b.withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    if (response.initialDelayMs() > 0) {
      b.withFixedDelay((int) Math.min(Integer.MAX_VALUE, response.initialDelayMs()));
    }
    if (response.chunks() > 0) {
      b.withChunkedDribbleDelay(response.chunks(), response.dribbleMs());
    }
    return b.build();
  }

  private static WireResponse error(ApiError e, boolean isBedrock, Duration delay) {
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;
    if (isBedrock) {
      headers.put(ContentTypes.CONTENT_TYPE, "application/json");
      headers.put("x-amzn-ErrorType", e.type() + ERROR_TYPE_SUFFIX);
      JsonNode json = Json.object();
      if (e.messageField() != null && e.getMessage() != null) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put(e.messageField(), e.getMessage());
      }
      if (e.extra() != null) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).setAll(e.extra());
      }
      body = Json.bytes(json);
    } else {
      headers.put(ContentTypes.CONTENT_TYPE, "application/x-amz-json-1.1");
      body = SsmApi.errorBody(e);
    }
    return new WireResponse(e.status(), headers, body, delay.toMillis(), 0, 0, e.type());
  }

  private static Operation bedrockOperation(String suffix) {
    switch (suffix) {
      case "converse":
        return Operation.CONVERSE;
      case "converse-stream":
        return Operation.CONVERSE_STREAM;
      case "invoke":
        return Operation.INVOKE_MODEL;
      default:
        return Operation.INVOKE_MODEL_WITH_RESPONSE_STREAM;
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Decodes {@code %XX} escapes (and nothing else: a {@code +} stays a plus).
   *
   * @param s the encoded text
   * @return the decoded text
   */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
