package dev.aigw.insight.source.otlp.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Reads the OTLP JSON mapping into the export request's protobuf bytes, so that a JSON request
 * takes the same decoding path as a binary one.
 *
 * <p>The OTLP mapping is protobuf's canonical JSON mapping with one difference: trace and span ids
 * are hex strings, where protobuf's mapping of {@code bytes} is base64. Ids are rewritten to base64
 * first, with their length checked; the rest (lowerCamelCase or original field names, enums as
 * integers or names, 64-bit integers as strings or numbers) is protobuf-java-util's parser. Unknown
 * fields are ignored, as the OTLP specification asks of receivers.
 */
final class OtlpJson {

  /** The id fields of OTLP (spans, span links, log records, exemplars) and their byte lengths. */
  private static final Map<String, Integer> ID_BYTES =
      Map.of(
          "traceId", 16,
          "trace_id", 16,
          "spanId", 8,
          "span_id", 8,
          "parentSpanId", 8,
          "parent_span_id", 8);

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private OtlpJson() {}

  /** Why a JSON body cannot be read as the export request; the message says where and what. */
  static final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
      super(message);
    }
  }

  /** The protobuf bytes of the export request {@code json} holds. */
  static byte[] toProtobuf(byte[] json, Message.Builder request) throws MalformedJsonException {
    JsonElement tree;
    try {
      tree = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      throw new MalformedJsonException("body is not JSON: " + rootCause(e));
    }
    if (!tree.isJsonObject()) {
      throw new MalformedJsonException("body must be a JSON object");
    }
    hexIdsToBase64(tree, "$");
    try {
      PARSER.merge(tree.toString(), request);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedJsonException(
          "JSON does not match " + request.getDescriptorForType().getName() + ": " + rootCause(e));
    }
    return request.build().toByteArray();
  }

  private static void hexIdsToBase64(JsonElement element, String where)
      throws MalformedJsonException {
    if (element.isJsonArray()) {
      JsonArray array = element.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        hexIdsToBase64(array.get(i), where + "[" + i + "]");
      }
    } else if (element.isJsonObject()) {
      JsonObject object = element.getAsJsonObject();
      for (Map.Entry<String, JsonElement> field : object.entrySet()) {
        String at = where + "." + field.getKey();
        Integer bytes = ID_BYTES.get(field.getKey());
        if (bytes == null) {
          hexIdsToBase64(field.getValue(), at);
        } else if (!field.getValue().isJsonNull()) {
          field.setValue(new JsonPrimitive(base64OfHexId(field.getValue(), bytes, at)));
        }
      }
    }
  }

  private static String base64OfHexId(JsonElement value, int bytes, String at)
      throws MalformedJsonException {
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new MalformedJsonException(at + " must be a hex string, got " + value);
    }
    String hex = value.getAsString();
    if (hex.isEmpty()) {
      return "";
    }
    if (hex.length() != 2 * bytes) {
      throw new MalformedJsonException(
          at
              + " must be "
              + 2 * bytes
              + " hex digits ("
              + bytes
              + " bytes), got "
              + hex.length()
              + " characters");
    }
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(at + " must be hex digits, got '" + hex + "'");
    }
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
