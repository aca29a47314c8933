package dev.aigw.insight.source.otlp.server;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;

/** The error answers of the receiver, in the form OTLP clients expect. */
public final class ReceiverStatus {

  private ReceiverStatus() {}

  /** UNAVAILABLE with a RetryInfo detail: OTLP's retryable throttling signal. */
  public static StatusRuntimeException unavailable(String message, Duration retryDelay) {
    RetryInfo retryInfo =
        RetryInfo.newBuilder()
            .setRetryDelay(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(retryDelay.getSeconds())
                    .setNanos(retryDelay.getNano()))
            .build();
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(Code.UNAVAILABLE_VALUE)
            .setMessage(message)
            .addDetails(Any.pack(retryInfo))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** INVALID_ARGUMENT: the client must not retry this request. */
  public static StatusRuntimeException invalidArgument(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
