package dev.aigw.insight.job.alert.reason;

/**
 * The one rule that matches an access log's backend to the metrics' provider name: the gateway
 * names backends as paths ({@code default/openai/route/aigw-run/rule/0/ref/0}: namespace,
 * AIServiceBackend name, route), the metrics name the provider ({@code openai}), so a backend that
 * equals the provider or has a path segment equal to it is that provider's. Used by the outage
 * reasons and by the status shares' counts.
 */
public final class BackendProviders {

  private BackendProviders() {}

  /** Whether {@code backend} is {@code provider}'s; an empty provider (no dimension) takes all. */
  public static boolean servedBy(String backend, String provider) {
    if (provider == null || provider.isEmpty() || backend.equals(provider)) {
      return true;
    }
    int from = 0;
    int length = backend.length();
    while (from <= length) {
      int slash = backend.indexOf('/', from);
      int end = slash < 0 ? length : slash;
      if (end - from == provider.length() && backend.startsWith(provider, from)) {
        return true;
      }
      if (slash < 0) {
        return false;
      }
      from = slash + 1;
    }
    return false;
  }
}
