package dev.aigw.insight.source.otlp.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.RetryInfo;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The two OTLP/HTTP body encodings: binary protobuf and the OTLP JSON mapping. An answer is written
 * in the encoding of its request.
 */
enum OtlpHttpFormat {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  /** Error answers are google.rpc.Status, whose details may hold a RetryInfo. */
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer()
          .omittingInsignificantWhitespace()
          .usingTypeRegistry(TypeRegistry.newBuilder().add(RetryInfo.getDescriptor()).build());

  private final String contentType;

  OtlpHttpFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The format of a {@code Content-Type} header (parameters such as charset ignored), or null. */
  static OtlpHttpFormat of(String contentTypeHeader) {
    if (contentTypeHeader == null) {
      return null;
    }
    int semicolon = contentTypeHeader.indexOf(';');
    String mediaType =
        (semicolon < 0 ? contentTypeHeader : contentTypeHeader.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    for (OtlpHttpFormat format : values()) {
      if (format.contentType.equals(mediaType)) {
        return format;
      }
    }
    return null;
  }

  String contentType() {
    return contentType;
  }

  /** The message as a body of this format. */
  byte[] encode(Message message) {
    if (this == PROTOBUF) {
      return message.toByteArray();
    }
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      // Only an Any of an unregistered type fails to print; the receiver packs RetryInfo only.
      throw new IllegalStateException("cannot print " + message.getDescriptorForType(), e);
    }
  }
}
