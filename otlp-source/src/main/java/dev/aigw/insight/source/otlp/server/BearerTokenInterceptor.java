package dev.aigw.insight.source.otlp.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.apache.flink.metrics.Counter;

/**
 * Lets a call through only when its {@code authorization} header is {@code Bearer <token>} with one
 * of the accepted {@link BearerTokens}; others are closed UNAUTHENTICATED before their message is
 * read.
 */
public final class BearerTokenInterceptor implements ServerInterceptor {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final BearerTokens tokens;
  private final Counter rejected;

  public BearerTokenInterceptor(BearerTokens tokens, Counter rejected) {
    this.tokens = tokens;
    this.rejected = rejected;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String authorization = headers.get(AUTHORIZATION);
    String problem = check(authorization);
    if (problem != null) {
      rejected.inc();
      call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  private String check(String authorization) {
    return BearerCheck.problem(tokens, authorization);
  }
}
