package dev.aigw.insight.source.otlp.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Parser;
import java.io.IOException;

/**
 * Walks the wire format of a serialized OTLP message with protobuf's {@link CodedInputStream} and
 * checks what protobuf's parse would check, without building the messages: tags, varints and
 * lengths (with the parse's own primitives), UTF-8 of every string field, nesting depth. A signal's
 * wire reader keeps its own walk of the levels it reads and hands the rest here: strings, the
 * {@code common.proto} values below (attribute values, bodies), embedded messages it parses whole,
 * and the fields it does not know.
 *
 * <p>It must never accept what {@code parseFrom} refuses. Whatever it does not handle exactly — a
 * group, a declared field with another wire type, nesting deeper than {@value #MAX_LEVEL} — throws
 * {@link WireUncertainty}, and the caller leaves the whole message to the full parse, which then
 * decides.
 *
 * <p>Not thread-safe; one instance per message.
 */
public final class WireValidator {

  /**
   * Deepest message nesting (the request is level 0) read here; protobuf allows 100. Deeper
   * messages are left to the full parse, so its recursion limit decides.
   */
  public static final int MAX_LEVEL = 90;

  /** Protobuf's default recursion limit, which the full parse applies. */
  public static final int PARSE_RECURSION_LIMIT = 100;

  private final byte[] bytes;
  private final CodedInputStream in;

  /** A validator positioned at the start of {@code message}. */
  public WireValidator(byte[] message) {
    this.bytes = message;
    this.in = CodedInputStream.newInstance(message);
  }

  /** The stream the caller reads its own levels from (shared with this validator). */
  public CodedInputStream in() {
    return in;
  }

  /** The message's bytes (not copied). */
  public byte[] bytes() {
    return bytes;
  }

  /**
   * Parses an embedded message at {@code level} with protobuf itself, under the recursion limit it
   * would have inside the whole message.
   */
  public <M> M parseEmbedded(Parser<M> parser, int level) throws IOException {
    int length = in.readRawVarint32();
    int start = in.getTotalBytesRead();
    in.skipRawBytes(length);
    CodedInputStream embedded = CodedInputStream.newInstance(bytes, start, length);
    embedded.setRecursionLimit(PARSE_RECURSION_LIMIT - level);
    M message = parser.parseFrom(embedded);
    embedded.checkLastTagWas(0);
    return message;
  }

  /** Validates an embedded {@code AnyValue} at {@code level} (a log body, an attribute value). */
  public void anyValue(int level) throws IOException, WireUncertainty {
    embedded(level, Kind.ANY_VALUE);
  }

  /** Validates one field of an {@code AnyValue} at {@code level}, whose tag has been read. */
  public void anyValueField(int tag, int level) throws IOException, WireUncertainty {
    switch (tag) {
      case CommonWire.STRING_VALUE:
        string();
        break;
      case CommonWire.ARRAY_VALUE:
        embedded(level + 1, Kind.LIST_OF_ANY_VALUES);
        break;
      case CommonWire.KVLIST_VALUE:
        embedded(level + 1, Kind.LIST_OF_KEY_VALUES);
        break;
      case CommonWire.BOOL_VALUE:
      case CommonWire.INT_VALUE:
      case CommonWire.DOUBLE_VALUE:
      case CommonWire.BYTES_VALUE:
      case CommonWire.STRING_VALUE_STRINDEX:
        in.skipField(tag);
        break;
      default:
        skipUnknown(tag, CommonWire.ANY_VALUE_FIELDS);
    }
  }

  /** Skips a string field's value after checking it is UTF-8, as protobuf's proto3 parse does. */
  public void string() throws IOException, WireUncertainty {
    string(in.readRawVarint32());
  }

  /**
   * The start of the string of {@code length} bytes at the position (its length already read),
   * checked to be UTF-8 and skipped.
   */
  public int string(int length) throws IOException, WireUncertainty {
    int start = in.getTotalBytesRead();
    in.skipRawBytes(length);
    if (!Utf8.isValid(bytes, start, length)) {
      throw WireUncertainty.INSTANCE;
    }
    return start;
  }

  /**
   * Skips a field protobuf keeps as unknown without reading inside it (a varint, fixed or
   * length-delimited value); groups and declared fields with another wire type are left to it.
   *
   * @param declaredFields the field numbers the message declares (bit n = field n)
   */
  public void skipUnknown(int tag, long declaredFields) throws IOException, WireUncertainty {
    int field = tag >>> 3;
    int wireType = tag & 7;
    if ((field < 64 && (declaredFields & 1L << field) != 0) || wireType == 3 || wireType == 4) {
      throw WireUncertainty.INSTANCE;
    }
    in.skipField(tag); // wire types 6 and 7 throw, and the full parse reports them
  }

  /** The {@code common.proto} message types that are only validated. */
  private enum Kind {
    ANY_VALUE,
    KEY_VALUE,
    LIST_OF_ANY_VALUES,
    LIST_OF_KEY_VALUES
  }

  private void embedded(int level, Kind kind) throws IOException, WireUncertainty {
    if (level > MAX_LEVEL) {
      throw WireUncertainty.INSTANCE;
    }
    int limit = in.pushLimit(in.readRawVarint32());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (kind) {
        case ANY_VALUE:
          anyValueField(tag, level);
          break;
        case KEY_VALUE:
          if (tag == CommonWire.KEY) {
            string();
          } else if (tag == CommonWire.VALUE) {
            embedded(level + 1, Kind.ANY_VALUE);
          } else if (tag == CommonWire.KEY_STRINDEX) {
            in.skipField(tag);
          } else {
            skipUnknown(tag, CommonWire.KEY_VALUE_FIELDS);
          }
          break;
        case LIST_OF_ANY_VALUES:
          if (tag == CommonWire.VALUES) {
            embedded(level + 1, Kind.ANY_VALUE);
          } else {
            skipUnknown(tag, CommonWire.LIST_FIELDS);
          }
          break;
        default:
          if (tag == CommonWire.VALUES) {
            embedded(level + 1, Kind.KEY_VALUE);
          } else {
            skipUnknown(tag, CommonWire.LIST_FIELDS);
          }
      }
    }
    in.popLimit(limit);
  }
}
