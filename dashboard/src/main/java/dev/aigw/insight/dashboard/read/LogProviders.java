package dev.aigw.insight.dashboard.read;

/**
 * How a provider filter of the logs matches what the job stores. The cells' provider is the
 * metrics' {@code gen_ai.provider.name} (e.g. {@code openai}); an access log's is the gateway's
 * backend name, stored verbatim by the job (it derives no provider from it), e.g. {@code
 * default/openai/route/aigw-run/rule/0/ref/0}: namespace, AIServiceBackend name, then the route. So
 * a filter for {@code openai} (a chart point of the provider {@code openai}) matches a log whose
 * provider is {@code openai} or whose backend is named {@code openai}. A backend named otherwise
 * (e.g. {@code my-azure}) is matched only by its own name: the gateway does not say which provider
 * it is.
 */
public final class LogProviders {

  private LogProviders() {}

  /** Whether a stored log provider matches the filter {@code provider}. */
  public static boolean matches(String stored, String provider) {
    if (stored == null) {
      return false;
    }
    if (stored.equals(provider)) {
      return true;
    }
    String[] parts = stored.split("/", 4);
    return parts.length >= 3 && parts[1].equals(provider) && parts[2].equals("route");
  }

  /** The stored backend names of {@code provider}, as a wildcard pattern (escaped). */
  public static String backendPattern(String provider) {
    StringBuilder sb = new StringBuilder("*/");
    for (char ch : provider.toCharArray()) {
      if (ch == '*' || ch == '?' || ch == '\\') {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.append("/route/*").toString();
  }
}
