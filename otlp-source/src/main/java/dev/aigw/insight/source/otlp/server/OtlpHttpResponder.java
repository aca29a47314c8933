package dev.aigw.insight.source.otlp.server;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;

/**
 * The answer of one OTLP/HTTP request, in the request's format. As a {@link StreamObserver} it
 * takes what {@link OtlpExportHandler} answers a gRPC call (directly, or later through a {@link
 * PendingAck} in on-checkpoint mode) and maps the gRPC status to the OTLP/HTTP status code.
 */
final class OtlpHttpResponder<R extends Message> implements StreamObserver<R> {

  private final Channel channel;
  private final OtlpHttpFormat format;
  private final boolean keepAlive;
  private final Duration retryDelay;
  private final Runnable answered;
  private R response;

  OtlpHttpResponder(
      Channel channel,
      OtlpHttpFormat format,
      boolean keepAlive,
      Duration retryDelay,
      Runnable answered) {
    this.channel = channel;
    this.format = format;
    this.keepAlive = keepAlive;
    this.retryDelay = retryDelay;
    this.answered = answered;
  }

  @Override
  public void onNext(R value) {
    response = value;
  }

  @Override
  public void onCompleted() {
    send(channel, format, HttpResponseStatus.OK, format.encode(response), keepAlive, null);
    answered.run();
  }

  @Override
  public void onError(Throwable t) {
    Status status = Status.fromThrowable(t);
    com.google.rpc.Status body = StatusProto.fromThrowable(t);
    if (body == null) {
      body = errorBody(status.getCode().value(), status.getDescription());
    }
    HttpResponseStatus httpStatus = httpStatusOf(status.getCode());
    // Retryable answers say when to come back; OTLP clients honour Retry-After on 429 and 503.
    String retryAfter =
        httpStatus == HttpResponseStatus.SERVICE_UNAVAILABLE ? retryAfterSeconds(retryDelay) : null;
    send(channel, format, httpStatus, format.encode(body), keepAlive, retryAfter);
    answered.run();
  }

  /** The OTLP/HTTP status of the gRPC code the shared handler answers with. */
  static HttpResponseStatus httpStatusOf(Status.Code code) {
    switch (code) {
      case OK:
        return HttpResponseStatus.OK;
      case INVALID_ARGUMENT:
        return HttpResponseStatus.BAD_REQUEST;
      case RESOURCE_EXHAUSTED:
        return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
      case UNAUTHENTICATED:
        return HttpResponseStatus.UNAUTHORIZED;
      case UNAVAILABLE:
        return HttpResponseStatus.SERVICE_UNAVAILABLE;
      default:
        return HttpResponseStatus.INTERNAL_SERVER_ERROR;
    }
  }

  /** A google.rpc.Status, the error body OTLP/HTTP prescribes. */
  static com.google.rpc.Status errorBody(int grpcCode, String message) {
    return com.google.rpc.Status.newBuilder()
        .setCode(grpcCode)
        .setMessage(message == null ? "" : message)
        .build();
  }

  /** Whole seconds, rounded up and at least 1: Retry-After has no finer unit. */
  static String retryAfterSeconds(Duration delay) {
    long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    return Long.toString(Math.max(1, seconds));
  }

  /**
   * Writes one complete answer; the connection stays open for the next request unless the client
   * asked otherwise. Safe from any thread (netty hands the write to the channel's event loop).
   */
  static void send(
      Channel channel,
      OtlpHttpFormat format,
      HttpResponseStatus status,
      byte[] body,
      boolean keepAlive,
      String retryAfter) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, format.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (retryAfter != null) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
    }
    if (status == HttpResponseStatus.UNAUTHORIZED) {
      response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
    }
    if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
      response.headers().set(HttpHeaderNames.ALLOW, "POST");
    }
    if (keepAlive) {
      channel.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
