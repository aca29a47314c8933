package dev.aigw.insight.source.otlp.server;

import dev.aigw.insight.source.otlp.server.OtlpJson.MalformedJsonException;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.apache.flink.metrics.Counter;

/**
 * Turns a complete OTLP/HTTP request (headers checked by {@link OtlpHttpGate}) into the bytes of
 * its export request and gives them to the same {@link OtlpExportHandler} the gRPC services call:
 * gzip is inflated up to the size limit, JSON is mapped to protobuf ({@link OtlpJson}). Runs on the
 * receiver's export threads, not on netty's event loop: decoding must not stall other connections.
 */
@ChannelHandler.Sharable
final class OtlpHttpExportHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final OtlpExportHandler<?> handler;
  private final int maxBytes;
  private final Duration retryDelay;
  private final Counter tooLarge;
  private final OtlpHttpServer.InFlight inFlight;

  OtlpHttpExportHandler(
      OtlpExportHandler<?> handler,
      int maxBytes,
      Duration retryDelay,
      Counter tooLarge,
      OtlpHttpServer.InFlight inFlight) {
    this.handler = handler;
    this.maxBytes = maxBytes;
    this.retryDelay = retryDelay;
    this.tooLarge = tooLarge;
    this.inFlight = inFlight;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    OtlpHttpRoute route = OtlpHttpRoute.of(request.uri());
    OtlpHttpFormat format = OtlpHttpFormat.of(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
    inFlight.started();
    OtlpHttpResponder<com.google.protobuf.Message> responder =
        new OtlpHttpResponder<>(
            ctx.channel(), format, HttpUtil.isKeepAlive(request), retryDelay, inFlight::answered);
    byte[] body;
    try {
      body = body(request);
    } catch (TooLargeException e) {
      tooLarge.inc();
      responder.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription(
                  "request larger than the receiver's limit of "
                      + maxBytes
                      + " bytes once inflated")
              .asRuntimeException());
      return;
    } catch (IOException e) {
      handler.refuseMalformed(
          responder, route.signal(), "body does not inflate as gzip: " + e.getMessage());
      return;
    }
    if (format == OtlpHttpFormat.JSON) {
      try {
        body = OtlpJson.toProtobuf(body, route.newRequestBuilder());
      } catch (MalformedJsonException e) {
        handler.refuseMalformed(responder, route.signal(), e.getMessage());
        return;
      }
    }
    export(route, RawRequest.of(body), responder);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void export(
      OtlpHttpRoute route,
      RawRequest raw,
      OtlpHttpResponder<com.google.protobuf.Message> responder) {
    // The responder is typed by the response message; each export method fixes its own type.
    OtlpHttpResponder untyped = responder;
    switch (route) {
      case METRICS:
        handler.exportMetrics(raw, untyped);
        break;
      case LOGS:
        handler.exportLogs(raw, untyped);
        break;
      case TRACES:
        handler.exportTraces(raw, untyped);
        break;
      default:
        throw new IllegalStateException("unknown route " + route);
    }
  }

  /** The request body, inflated when it is gzip; never more than the size limit. */
  private byte[] body(FullHttpRequest request) throws IOException, TooLargeException {
    ByteBuf content = request.content();
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding == null || !HttpHeaderValues.GZIP.contentEqualsIgnoreCase(encoding.trim())) {
      return ByteBufUtil.getBytes(content);
    }
    try (InputStream in =
        new GZIPInputStream(new ByteBufInputStream(content.retainedSlice(), true))) {
      // One byte past the limit tells a bomb from a body of exactly the limit, without inflating
      // the bomb any further.
      byte[] inflated = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
      if (inflated.length > maxBytes) {
        throw new TooLargeException();
      }
      return inflated;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A broken connection: nothing can be answered on it.
    ctx.close();
  }

  /** The inflated body passed the limit. */
  private static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;
  }
}
