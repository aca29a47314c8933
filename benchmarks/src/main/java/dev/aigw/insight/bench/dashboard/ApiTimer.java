package dev.aigw.insight.bench.dashboard;

import dev.aigw.insight.bench.stats.Samples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls one API endpoint again and again and keeps each call's wall-clock time (µs). */
final class ApiTimer {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private int lastBytes;

  ApiTimer(String base) {
    this.base = base;
  }

  /** {@code warmup} untimed calls, then {@code calls} timed ones, one at a time. */
  Samples time(String path, int warmup, int calls) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().build();
    Samples samples = new Samples();
    for (int i = 0; i < warmup + calls; i++) {
      long start = System.nanoTime();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long micros = (System.nanoTime() - start) / 1_000;
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            path + " answered " + response.statusCode() + ": " + new String(response.body()));
      }
      lastBytes = response.body().length;
      if (i >= warmup) {
        samples.add(micros);
      }
    }
    return samples;
  }

  /** The size of the last answer, bytes. */
  int lastBytes() {
    return lastBytes;
  }
}
