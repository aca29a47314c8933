package dev.aigw.insight.source.otlp.server;

import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import io.grpc.Status;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.apache.flink.metrics.Counter;

/**
 * Refuses an OTLP/HTTP request on its headers, before its body is buffered: unknown path (404),
 * other method than POST (405), missing or wrong bearer token (401), a content type or encoding the
 * receiver does not read (415). The refused body is read and dropped, so the answer reaches the
 * client and the connection can carry the next request. One instance per connection.
 */
final class OtlpHttpGate extends ChannelInboundHandlerAdapter {

  private final BearerTokens tokens;
  private final OtlpReceiverMetrics metrics;

  /** The answer owed to the refused request whose body is being dropped, or null. */
  private Refusal refusal;

  OtlpHttpGate(BearerTokens tokens, OtlpReceiverMetrics metrics) {
    this.tokens = tokens;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      HttpRequest request = (HttpRequest) msg;
      refusal = check(request);
      if (refusal == null) {
        ctx.fireChannelRead(msg);
        return;
      }
      ReferenceCountUtil.release(msg);
      // A client waiting for 100-continue sends no body: answer now and end the exchange.
      if (HttpUtil.is100ContinueExpected(request) || !request.decoderResult().isSuccess()) {
        refusal.keepAlive = false;
        answer(ctx);
      } else if (msg instanceof LastHttpContent) {
        answer(ctx);
      }
      return;
    }
    if (refusal != null && msg instanceof HttpContent) {
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        answer(ctx);
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private void answer(ChannelHandlerContext ctx) {
    Refusal owed = refusal;
    refusal = null;
    owed.counter.inc();
    byte[] body =
        owed.format.encode(OtlpHttpResponder.errorBody(owed.grpcCode.value(), owed.message));
    OtlpHttpResponder.send(ctx.channel(), owed.format, owed.status, body, owed.keepAlive, null);
  }

  /** The refusal of a request on its headers, or null when it may proceed to its body. */
  private Refusal check(HttpRequest request) {
    OtlpHttpFormat format = OtlpHttpFormat.of(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
    // An answer needs a format: a request with a content type the receiver does not read gets JSON,
    // the readable one.
    OtlpHttpFormat answerFormat = format == null ? OtlpHttpFormat.JSON : format;
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      return new Refusal(
          answerFormat,
          HttpResponseStatus.BAD_REQUEST,
          Status.Code.INVALID_ARGUMENT,
          "malformed HTTP request: " + request.decoderResult().cause(),
          metrics.rejectedMalformed(),
          false);
    }
    OtlpHttpRoute route = OtlpHttpRoute.of(request.uri());
    if (route == null) {
      return new Refusal(
          answerFormat,
          HttpResponseStatus.NOT_FOUND,
          Status.Code.UNIMPLEMENTED,
          "unknown path '"
              + printable(request.uri())
              + "': OTLP/HTTP exports go to POST /v1/metrics, /v1/logs or /v1/traces",
          metrics.rejectedNotFound(),
          keepAlive);
    }
    if (!HttpMethod.POST.equals(request.method())) {
      return new Refusal(
          answerFormat,
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          Status.Code.UNIMPLEMENTED,
          request.method() + " is not allowed on " + route.path() + ": use POST",
          metrics.rejectedMethodNotAllowed(),
          keepAlive);
    }
    if (tokens != null) {
      String problem =
          BearerCheck.problem(tokens, request.headers().get(HttpHeaderNames.AUTHORIZATION));
      if (problem != null) {
        return new Refusal(
            answerFormat,
            HttpResponseStatus.UNAUTHORIZED,
            Status.Code.UNAUTHENTICATED,
            problem,
            metrics.rejectedUnauthenticated(),
            keepAlive);
      }
    }
    if (format == null) {
      return new Refusal(
          answerFormat,
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          Status.Code.INVALID_ARGUMENT,
          "unsupported Content-Type '"
              + printable(request.headers().get(HttpHeaderNames.CONTENT_TYPE))
              + "': send application/x-protobuf or application/json",
          metrics.rejectedUnsupportedMediaType(),
          keepAlive);
    }
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding != null
        && !HttpHeaderValues.GZIP.contentEqualsIgnoreCase(encoding.trim())
        && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(encoding.trim())) {
      return new Refusal(
          format,
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          Status.Code.INVALID_ARGUMENT,
          "unsupported Content-Encoding '" + printable(encoding) + "': send gzip or none",
          metrics.rejectedUnsupportedMediaType(),
          keepAlive);
    }
    return null;
  }

  /** A header or path quoted in an answer: bounded and ASCII, whatever the client sent. */
  private static String printable(String text) {
    if (text == null) {
      return "";
    }
    String ascii =
        new String(text.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII)
            .replaceAll("[^\\x20-\\x7e]", "?");
    return ascii.length() > 100 ? ascii.substring(0, 100) + "..." : ascii;
  }

  /** A refusal and what it is counted as. */
  private static final class Refusal {
    final OtlpHttpFormat format;
    final HttpResponseStatus status;
    final Status.Code grpcCode;
    final String message;
    final Counter counter;
    boolean keepAlive;

    Refusal(
        OtlpHttpFormat format,
        HttpResponseStatus status,
        Status.Code grpcCode,
        String message,
        Counter counter,
        boolean keepAlive) {
      this.format = format;
      this.status = status;
      this.grpcCode = grpcCode;
      this.message = message;
      this.counter = counter;
      this.keepAlive = keepAlive;
    }
  }
}
