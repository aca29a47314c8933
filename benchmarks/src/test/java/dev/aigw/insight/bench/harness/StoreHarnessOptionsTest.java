package dev.aigw.insight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.bench.store.StoreProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real-store options leave the harness's own to HarnessOptions and configure the job. */
class StoreHarnessOptionsTest {

  @Test
  void onlyASinkOtherThanTheRecordingOneAsksForAStore() {
    assertThat(StoreHarnessOptions.requested(new String[] {"--parallelism", "1"})).isFalse();
    assertThat(StoreHarnessOptions.requested(new String[] {"--sink", "recording"})).isFalse();
    assertThat(StoreHarnessOptions.requested(new String[] {"--sink", "banyandb"})).isTrue();
  }

  @Test
  void storeOptionsAreTakenOutAndTheRestParseAsHarnessOptions() {
    StoreHarnessOptions.Parsed parsed =
        StoreHarnessOptions.parse(
            new String[] {
              "--sink", "opensearch",
              "--signal", "logs",
              "--parallelism", "2",
              "--keep-all", "true",
              "--job", "opensearch.bulk.max-actions=5000; logs.index.number-of-replicas=0",
              "--index-settings", "index.refresh_interval=30s",
              "--store-profile", "/tmp/store.jfr"
            });
    StoreHarnessOptions store = parsed.options();
    assertThat(store.store()).isEqualTo(StoreProcess.Kind.OPENSEARCH);
    assertThat(store.logs()).isTrue();
    assertThat(store.keepAll()).isTrue();
    assertThat(store.recordsPerRequest()).isEqualTo(100);
    assertThat(store.keptFraction()).isEqualTo(0.1);
    assertThat(store.jobOptions())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("opensearch.bulk.max-actions", "5000", "logs.index.number-of-replicas", "0"));
    assertThat(store.indexSettings())
        .containsExactlyEntriesOf(Map.of("index.refresh_interval", "30s"));
    assertThat(store.storeProfile()).isEqualTo(Path.of("/tmp/store.jfr"));
    assertThat(parsed.rest()).containsExactly("--parallelism", "2");
    assertThat(HarnessOptions.parse(parsed.rest()).parallelism()).isEqualTo(2);
  }

  @Test
  void theJobWritesToTheChosenStoreOnTheHarnessPorts() {
    HarnessOptions harness = HarnessOptions.parse(new String[] {"--port", "25000"});
    StoreHarnessOptions logs =
        StoreHarnessOptions.parse(new String[] {"--sink", "opensearch", "--signal", "logs"})
            .options();
    Map<String, String> toOpenSearch =
        StoreHarness.jobConfig(harness, logs, Path.of("/tmp/w"), "http://127.0.0.1:9201");
    assertThat(toOpenSearch)
        .containsEntry("otlp.receiver.port", "25000")
        .containsEntry("cells.store", "OPENSEARCH")
        .containsEntry("logs.store", "OPENSEARCH")
        .containsEntry("opensearch.hosts", "http://127.0.0.1:9201")
        .doesNotContainKey("logs.sampling.keep-fraction");

    StoreHarnessOptions cells =
        StoreHarnessOptions.parse(new String[] {"--sink", "banyandb", "--keep-all", "true"})
            .options();
    Map<String, String> toBanyanDb =
        StoreHarness.jobConfig(harness, cells, Path.of("/tmp/w"), "127.0.0.1:17913");
    assertThat(toBanyanDb)
        .containsEntry("cells.store", "BANYANDB")
        .containsEntry("banyandb.targets", "127.0.0.1:17913")
        .containsEntry("logs.enabled", "false")
        .containsEntry("logs.sampling.keep-fraction", "1.0");
  }

  @Test
  void logsGoOnlyToOpenSearchAndBadValuesNameTheirOption() {
    assertThatThrownBy(
            () ->
                StoreHarnessOptions.parse(new String[] {"--sink", "banyandb", "--signal", "logs"}))
        .hasMessageContaining("'signal'");
    assertThatThrownBy(() -> StoreHarnessOptions.parse(new String[] {"--sink", "kafka"}))
        .hasMessageContaining("'sink'");
    assertThatThrownBy(
            () -> StoreHarnessOptions.parse(new String[] {"--sink", "opensearch", "--job", "x"}))
        .hasMessageContaining("'job'");
  }
}
