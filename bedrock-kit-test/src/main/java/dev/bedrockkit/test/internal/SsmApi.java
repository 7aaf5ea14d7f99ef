package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.Operation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SSM Parameter Store over awsJson1.1 ({@code POST /}, {@code X-Amz-Target: AmazonSSM.<Op>},
 * {@code application/x-amz-json-1.1}); request and result shapes and error names from botocore
 * {@code ssm/2014-11-06/service-2.json}. Errors are HTTP 400 (500 for InternalServerError) with
 * {@code {"__type": ..., "message": ...}}. Thread-safe.
 */
public final class SsmApi {
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private final EmulatorState state;

  /**
   * Creates the API.
   *
   * @param state emulator state
   */
  public SsmApi(EmulatorState state) {
    this.state = state;
  }

  /**
   * Answers one SSM request.
   *
   * @param op the operation
   * @param region the caller's region
   * @param body the parsed body
   * @return the response
   * @throws ApiError for an error answer
   */
  public WireResponse handle(Operation op, String region, JsonNode body) {
    if (op == Operation.UNKNOWN) {
      throw new ApiError(400, "UnknownOperationException", null, null, null);
    }
    FaultEngine.Decision faults = state.faults().evaluate(op, null, region);
    if (faults.error() != null) {
      throw new BedrockApi.DelayedError(faults.error().ssm(), faults.delay());
    }
    if (!body.isObject()) {
      throw new ApiError(400, "SerializationException", "Message", "Start of structure or map found where not expected.", null);
    }
    ObjectNode out;
    switch (op) {
      case GET_PARAMETER:
        out = getParameter(region, body);
        break;
      case GET_PARAMETERS:
        out = getParameters(region, body);
        break;
      case GET_PARAMETERS_BY_PATH:
        out = getParametersByPath(region, body);
        break;
      case PUT_PARAMETER:
        out = putParameter(body);
        break;
      case DELETE_PARAMETER:
        out = deleteParameter(body);
        break;
      default:
        throw new IllegalStateException(op.name());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    return new WireResponse(200, headers, Json.bytes(out), faults.delay().toMillis(), 0, 0, null);
  }

  /**
   * Renders an SSM error body.
   *
   * @param error the error
   * @return the JSON body
   */
  public static byte[] errorBody(ApiError error) {
    ObjectNode body = Json.object().put("__type", error.type());
    if (error.messageField() != null && error.getMessage() != null) {
      body.put(error.messageField(), error.getMessage());
    }
    if (error.extra() != null) {
      body.setAll(error.extra());
    }
    return Json.bytes(body);
  }

  private ObjectNode getParameter(String region, JsonNode body) {
    String name = required(body, "Name", "name");
    boolean decrypt = body.path("WithDecryption").asBoolean(false);
    ObjectNode out = Json.object();
    out.set("Parameter", render(region, lookup(name, true), decrypt, selector(name)));
    return out;
  }

  private ObjectNode getParameters(String region, JsonNode body) {
    JsonNode names = body.path("Names");
    if (!names.isArray() || names.isEmpty() || names.size() > 10) {
      // botocore ParameterNameList: min 1, max 10.
      throw validation("1 validation error detected: Value at 'names' failed to satisfy constraint:"
          + " Member must have length less than or equal to 10 and greater than or equal to 1");
    }
    boolean decrypt = body.path("WithDecryption").asBoolean(false);
    ObjectNode out = Json.object();
    ArrayNode found = out.putArray("Parameters");
    ArrayNode invalid = out.putArray("InvalidParameters");
    for (JsonNode n : names) {
      ParameterStore.Version v = lookup(n.asText(), false);
      if (v == null) {
        invalid.add(n.asText());
      } else {
        found.add(render(region, v, decrypt, selector(n.asText())));
      }
    }
    return out;
  }

  private ObjectNode getParametersByPath(String region, JsonNode body) {
    String path = required(body, "Path", "path");
    if (!path.startsWith("/")) {
      throw validation("The parameter doesn't meet the parameter name requirements. The parameter"
          + " name must begin with a forward slash \"/\".");
    }
    String prefix = path.endsWith("/") ? path : path + "/";
    int max = body.path("MaxResults").asInt(10);
    if (max < 1 || max > 10) {
      // botocore GetParametersByPathMaxResults: min 1, max 10.
      throw validation("1 validation error detected: Value '" + max + "' at 'maxResults' failed to"
          + " satisfy constraint: Member must have value " + (max < 1 ? "greater than or equal to 1" : "less than or equal to 10"));
    }
    List<ParameterStore.Version> all =
        state.parameters().under(prefix, body.path("Recursive").asBoolean(false));
    int start = 0;
    if (body.hasNonNull("NextToken")) {
      String after;
      try {
        after = new String(Base64.getDecoder().decode(body.get("NextToken").asText()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, "InvalidNextToken", "Message", "The specified token is not valid.", null);
      }
      if (!after.startsWith("after:")) {
        throw new ApiError(400, "InvalidNextToken", "Message", "The specified token is not valid.", null);
      }
      String last = after.substring("after:".length());
      while (start < all.size() && all.get(start).name().compareTo(last) <= 0) {
        start++;
      }
    }
    boolean decrypt = body.path("WithDecryption").asBoolean(false);
    ObjectNode out = Json.object();
    ArrayNode params = out.putArray("Parameters");
    int end = Math.min(all.size(), start + max);
    for (int i = start; i < end; i++) {
      params.add(render(region, all.get(i), decrypt, null));
    }
    if (end < all.size()) {
      String token = "after:" + all.get(end - 1).name();
      out.put("NextToken", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private ObjectNode putParameter(JsonNode body) {
    String name = required(body, "Name", "name");
    if (!body.has("Value")) {
      required(body, "Value", "value");
    }
    String type = body.hasNonNull("Type") ? body.get("Type").asText() : null;
    if (type != null && !List.of("String", "StringList", "SecureString").contains(type)) {
      throw validation("1 validation error detected: Value '" + type + "' at 'type' failed to satisfy"
          + " constraint: Member must satisfy enum value set: [SecureString, StringList, String]");
    }
    long version = state.parameters().put(name, type, body.get("Value").asText(), body.path("Overwrite").asBoolean(false));
    if (version < 0) {
      throw new ApiError(400, "ParameterAlreadyExists", "message",
          "The parameter already exists. To overwrite this value, set the overwrite option in the"
              + " request to true.", null);
    }
    return Json.object().put("Version", version).put("Tier", "Standard");
  }

  private ObjectNode deleteParameter(JsonNode body) {
    String name = required(body, "Name", "name");
    if (!state.parameters().delete(name)) {
      throw new ApiError(400, "ParameterNotFound", null, null, null);
    }
    return Json.object();
  }

  private ParameterStore.Version lookup(String nameWithSelector, boolean fail) {
    String name = nameWithSelector;
    long version = 0;
    int colon = nameWithSelector.lastIndexOf(':');
    if (colon > 0 && !nameWithSelector.startsWith("arn:")) {
      name = nameWithSelector.substring(0, colon);
      try {
        version = Long.parseLong(nameWithSelector.substring(colon + 1));
      } catch (NumberFormatException e) {
        version = -1;
      }
    }
    ParameterStore.Version v = version < 0 ? null : state.parameters().get(name, version);
    if (v == null && fail) {
      if (version != 0 && state.parameters().exists(name)) {
        throw new ApiError(400, "ParameterVersionNotFound", "message",
            "Systems Manager could not find version " + version + " of " + name
                + ". Verify the version and try again.", null);
      }
      // The real service sends ParameterNotFound without a message.
      throw new ApiError(400, "ParameterNotFound", null, null, null);
    }
    return v;
  }

  private static String selector(String name) {
    int colon = name.lastIndexOf(':');
    return colon > 0 && !name.startsWith("arn:") ? name.substring(colon) : null;
  }

  private ObjectNode render(String region, ParameterStore.Version v, boolean decrypt, String selector) {
    ObjectNode p = Json.object();
    p.put("Name", v.name());
    p.put("Type", v.type());
    p.put("Value", v.type().equals("SecureString") && !decrypt ? ciphertext(v) : v.value());
    p.put("Version", v.version());
    if (selector != null) {
      p.put("Selector", selector);
    }
    // awsJson1.1 timestamps are epoch seconds.
    p.put("LastModifiedDate", BigDecimal.valueOf(v.lastModified().toEpochMilli()).movePointLeft(3));
    String path = v.name().startsWith("/") ? v.name().substring(1) : v.name();
    p.put("ARN", "arn:aws:ssm:" + region + ":" + ModelCatalog.ACCOUNT_ID + ":parameter/" + path);
    p.put("DataType", "text");
    return p;
  }

  private static String ciphertext(ParameterStore.Version v) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((v.name() + "#" + v.version() + "#" + v.value()).getBytes(StandardCharsets.UTF_8));
      byte[] blob = new byte[digest.length + 3];
      blob[0] = 1;
      blob[1] = 2;
      blob[2] = 2;
      System.arraycopy(digest, 0, blob, 3, digest.length);
      return Base64.getEncoder().encodeToString(blob);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String required(JsonNode body, String member, String coralName) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      throw validation("1 validation error detected: Value null at '" + coralName
          + "' failed to satisfy constraint: Member must not be null");
    }
    return n.asText();
  }

  private static ApiError validation(String message) {
    return new ApiError(400, "ValidationException", "message", message, null);
  }
}
