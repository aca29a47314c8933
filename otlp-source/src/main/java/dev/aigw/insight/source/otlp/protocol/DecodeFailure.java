package dev.aigw.insight.source.otlp.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.source.otlp.decoder.MalformedRequestException;

/**
 * Why decoding one export request failed, the one classification of the gRPC receiver and the Kafka
 * source: the first two are the sender's fault (the receiver answers {@code INVALID_ARGUMENT}), the
 * last is a decoder bug (answered {@code INTERNAL}, so the client may retry). Either way the
 * failure is counted and never fails the job.
 */
public enum DecodeFailure {
  /** The bytes are not a serialized export request of the signal. */
  UNREADABLE,
  /** The decoder refused the whole request ({@link MalformedRequestException}). */
  MALFORMED,
  /** The decoder threw anything else. */
  DECODER_FAILED;

  /** The class of what {@link SignalDecoding#decode} threw. */
  public static DecodeFailure of(Exception failure) {
    if (failure instanceof InvalidProtocolBufferException) {
      return UNREADABLE;
    }
    if (failure instanceof MalformedRequestException) {
      return MALFORMED;
    }
    return DECODER_FAILED;
  }

  /** Whether the request itself is at fault (as opposed to the decoder). */
  public boolean senderFault() {
    return this != DECODER_FAILED;
  }
}
