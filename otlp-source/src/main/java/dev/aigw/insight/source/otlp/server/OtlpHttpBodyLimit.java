package dev.aigw.insight.source.otlp.server;

import io.grpc.Status;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import org.apache.flink.metrics.Counter;

/**
 * Buffers a request body up to the maximum message size; a larger one (by its Content-Length, or
 * once it has grown past the limit) is answered 413 with a google.rpc.Status and counted. The
 * inflated size of a gzip body is checked later, by {@link OtlpHttpExportHandler}.
 */
final class OtlpHttpBodyLimit extends HttpObjectAggregator {

  private final int maxBytes;
  private final Counter tooLarge;

  OtlpHttpBodyLimit(int maxBytes, Counter tooLarge) {
    super(maxBytes);
    this.maxBytes = maxBytes;
    this.tooLarge = tooLarge;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    tooLarge.inc();
    OtlpHttpFormat format =
        OtlpHttpFormat.of(oversized.headers().get(HttpHeaderNames.CONTENT_TYPE));
    if (format == null) {
      format = OtlpHttpFormat.JSON;
    }
    byte[] body =
        format.encode(
            OtlpHttpResponder.errorBody(
                Status.Code.RESOURCE_EXHAUSTED.value(),
                "request body larger than the receiver's limit of " + maxBytes + " bytes"));
    // Announced too large: the aggregator drops the body as it comes and the connection stays.
    // Grown too large while buffering: part of the body is gone, so the exchange cannot continue.
    boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
    OtlpHttpResponder.send(
        ctx.channel(), format, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, body, keepAlive, null);
  }
}
