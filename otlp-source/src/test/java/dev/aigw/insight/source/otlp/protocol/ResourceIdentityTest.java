package dev.aigw.insight.source.otlp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceIdentityTest {

  @Test
  void theInstanceIsTheFirstPresentOfItsThreeAttributes() {
    Map<String, String> all =
        Map.of(
            "service.name", "gw",
            "service.instance.id", "id-1",
            "host.name", "host-1",
            "k8s.pod.name", "pod-1");
    assertThat(ResourceIdentity.of(all).service()).isEqualTo("gw");
    assertThat(ResourceIdentity.of(all).instance()).isEqualTo("id-1");
    assertThat(
            ResourceIdentity.of(
                    Map.of("service.instance.id", "", "host.name", "host-1", "k8s.pod.name", "p"))
                .instance())
        .isEqualTo("host-1");
    assertThat(ResourceIdentity.of(Map.of("k8s.pod.name", "pod-1")).instance()).isEqualTo("pod-1");
    assertThat(ResourceIdentity.of(Map.of()).instance()).isNull();
  }

  @Test
  void aMissingOrEmptyServiceIsAbsentAndUnknownByOpenTelemetrysConvention() {
    ResourceIdentity none = ResourceIdentity.of(Map.of("host.name", "h"));
    assertThat(none.service()).isNull();
    assertThat(none.serviceOrUnknown()).isEqualTo("unknown_service");
    assertThat(ResourceIdentity.of(Map.of("service.name", "")).serviceOrUnknown())
        .isEqualTo("unknown_service");
  }

  @Test
  void thePlaceholderCountsAsAbsentOnlyWhenGiven() {
    Map<String, String> dashes =
        Map.of("service.name", "-", "service.instance.id", "-", "host.name", "h");
    assertThat(ResourceIdentity.of(dashes).service()).isEqualTo("-");
    assertThat(ResourceIdentity.of(dashes).instance()).isEqualTo("-");
    assertThat(ResourceIdentity.of(dashes, "-").service()).isNull();
    assertThat(ResourceIdentity.of(dashes, "-").instance()).isEqualTo("h");
  }
}
