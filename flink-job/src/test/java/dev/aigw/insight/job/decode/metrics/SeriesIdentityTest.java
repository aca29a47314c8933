package dev.aigw.insight.job.decode.metrics;

import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.duration;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.gatewayResource;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.kv;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.point;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.GenAiPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Series and resource identities are state keys: savepoints of earlier versions hold them, so the
 * decoder must keep computing exactly the same strings. This test recomputes them the way 0.1.0 did
 * (attributes in a map, keys sorted, every character hashed).
 */
class SeriesIdentityTest {

  @Test
  void identitiesAreThoseOfTheStateLayoutOf010() {
    GenAiMetricDecoderTest.Recorder out = new GenAiMetricDecoderTest.Recorder();
    GenAiMetricDecoder.create(
            dev.aigw.insight.job.options.AnalysisConfig.defaults(), GenAiMetricDecoderTest.CLOCK)
        .decodeMetrics(
            request(
                gatewayResource("svc", kv("service.instance.id", "pod-ü")),
                duration(
                    point(
                        b ->
                            b.addAttributes(kv("gen_ai.response.model", "gpt-4o"))
                                .addAttributes(kv("gen_ai.provider.name", "openai"))
                                .addAttributes(kv("error.type", "timeout"))
                                .addAttributes(kv("gen_ai.provider.name", "azure"))))),
            out);
    GenAiPoint p = out.points.get(0);

    Map<String, String> resource = new LinkedHashMap<>();
    resource.put("service.name", "svc");
    resource.put("service.instance.id", "pod-ü");
    resource.putAll(extraResourceAttributes());
    String resourceKey = legacyHash(resource);
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("gen_ai.response.model", "gpt-4o");
    attrs.put("error.type", "timeout");
    attrs.put("gen_ai.provider.name", "azure"); // the later duplicate wins
    KeyHasher series = new KeyHasher();
    series.add(resourceKey);
    series.add("gen_ai.server.request.duration");
    addSorted(series, attrs);

    assertThat(p.resourceKey).isEqualTo(resourceKey);
    assertThat(p.seriesKey).isEqualTo(series.hex());
    assertThat(p.provider).isEqualTo("azure");
  }

  /** Resource attributes {@code gatewayResource} adds besides the service and instance. */
  private static Map<String, String> extraResourceAttributes() {
    Map<String, String> extra = new LinkedHashMap<>();
    for (io.opentelemetry.proto.common.v1.KeyValue kv :
        gatewayResource("svc").getAttributesList()) {
      if (!kv.getKey().equals("service.name")) {
        extra.put(
            kv.getKey(), dev.aigw.insight.source.otlp.protocol.AnyValues.render(kv.getValue()));
      }
    }
    return extra;
  }

  private static String legacyHash(Map<String, String> attrs) {
    KeyHasher h = new KeyHasher();
    addSorted(h, attrs);
    return h.hex();
  }

  private static void addSorted(KeyHasher h, Map<String, String> attrs) {
    List<String> keys = new ArrayList<>(attrs.keySet());
    keys.sort(null);
    for (String k : keys) {
      h.add(k);
      h.add(attrs.get(k));
    }
  }
}
