package dev.aigw.insight.source.otlp.server;

import io.grpc.StatusRuntimeException;

/**
 * The bytes of one request message, or why they could not be read (e.g. larger than the limit once
 * decompressed). Reading never throws: grpc-java would turn that into UNKNOWN.
 */
public final class RawRequest {

  private final byte[] bytes;
  private final StatusRuntimeException failure;

  private RawRequest(byte[] bytes, StatusRuntimeException failure) {
    this.bytes = bytes;
    this.failure = failure;
  }

  static RawRequest of(byte[] bytes) {
    return new RawRequest(bytes, null);
  }

  static RawRequest failed(StatusRuntimeException failure) {
    return new RawRequest(null, failure);
  }

  /** The message bytes; only when {@link #failure()} is null. */
  public byte[] bytes() {
    return bytes;
  }

  /** The status to answer instead of processing, or null. */
  public StatusRuntimeException failure() {
    return failure;
  }
}
