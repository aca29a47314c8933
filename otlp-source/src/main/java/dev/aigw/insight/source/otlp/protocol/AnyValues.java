package dev.aigw.insight.source.otlp.protocol;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders OTLP attribute values as text, the one rendering of metrics and access logs: strings as
 * they are, numbers and booleans as Java prints them, bytes in Base64, arrays as {@code [a,b]} and
 * key-value lists as {@code {k=v,…}}.
 *
 * <p>Nesting is cut at {@value #MAX_DEPTH} levels (a deeper value is rendered as {@value
 * #TOO_DEEP}): protobuf allows 100, and an indented rendering of a deep value can be many times the
 * size of the request.
 */
public final class AnyValues {

  /** Levels of arrays and lists rendered; the value itself is level 1. */
  public static final int MAX_DEPTH = 8;

  /** What a value nested deeper than {@link #MAX_DEPTH} is rendered as. */
  public static final String TOO_DEEP = "\u2026";

  private AnyValues() {}

  /** The text of a value; "" for an empty one. */
  public static String render(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case INT_VALUE:
        return Long.toString(value.getIntValue());
      case BOOL_VALUE:
        return Boolean.toString(value.getBoolValue());
      case DOUBLE_VALUE:
        return Double.toString(value.getDoubleValue());
      case BYTES_VALUE:
        return Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE:
      case KVLIST_VALUE:
        StringBuilder text = new StringBuilder();
        append(text, value, 1);
        return text.toString();
      default:
        return "";
    }
  }

  /**
   * The text of a value, as {@link #render(AnyValue)}; {@code onCut} is run when part of it is cut
   * for being nested too deep (a decoder counts it).
   */
  public static String render(AnyValue value, Runnable onCut) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case ARRAY_VALUE:
      case KVLIST_VALUE:
        if (tooDeep(value)) {
          onCut.run();
        }
        return render(value);
      default:
        return render(value);
    }
  }

  /**
   * The first {@code max} attributes by key, rendered with {@link #render(AnyValue, Runnable)} (a
   * repeated key keeps its last value); the caller counts the attributes beyond {@code max}.
   */
  public static Map<String, String> render(List<KeyValue> attributes, int max, Runnable onCut) {
    int n = Math.min(attributes.size(), max);
    Map<String, String> map = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      KeyValue kv = attributes.get(i);
      map.put(kv.getKey(), render(kv.getValue(), onCut));
    }
    return map;
  }

  /** Whether {@link #render} cuts part of the value for being nested too deep. */
  public static boolean tooDeep(AnyValue value) {
    return cut(value, 1);
  }

  private static void append(StringBuilder text, AnyValue value, int depth) {
    switch (value.getValueCase()) {
      case ARRAY_VALUE:
        if (depth > MAX_DEPTH) {
          text.append(TOO_DEEP);
          return;
        }
        text.append('[');
        for (int i = 0; i < value.getArrayValue().getValuesCount(); i++) {
          if (i > 0) {
            text.append(',');
          }
          append(text, value.getArrayValue().getValues(i), depth + 1);
        }
        text.append(']');
        return;
      case KVLIST_VALUE:
        if (depth > MAX_DEPTH) {
          text.append(TOO_DEEP);
          return;
        }
        text.append('{');
        for (int i = 0; i < value.getKvlistValue().getValuesCount(); i++) {
          if (i > 0) {
            text.append(',');
          }
          KeyValue kv = value.getKvlistValue().getValues(i);
          text.append(kv.getKey()).append('=');
          append(text, kv.getValue(), depth + 1);
        }
        text.append('}');
        return;
      default:
        text.append(render(value));
    }
  }

  /** Whether an array or list sits deeper than {@link #MAX_DEPTH} in the value at {@code depth}. */
  private static boolean cut(AnyValue value, int depth) {
    switch (value.getValueCase()) {
      case ARRAY_VALUE:
        if (depth > MAX_DEPTH) {
          return true;
        }
        for (AnyValue v : value.getArrayValue().getValuesList()) {
          if (cut(v, depth + 1)) {
            return true;
          }
        }
        return false;
      case KVLIST_VALUE:
        if (depth > MAX_DEPTH) {
          return true;
        }
        for (KeyValue kv : value.getKvlistValue().getValuesList()) {
          if (cut(kv.getValue(), depth + 1)) {
            return true;
          }
        }
        return false;
      default:
        return false;
    }
  }
}
