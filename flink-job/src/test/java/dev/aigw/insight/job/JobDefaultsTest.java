package dev.aigw.insight.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.junit.jupiter.api.Test;

/** What {@link GenAiInsightJob#withJobDefaults} fills in, and that a user's choice stays. */
class JobDefaultsTest {

  @Test
  void rocksDbGetsBloomFiltersAndNoCompressionOfTheFirstLevels() {
    Configuration conf = GenAiInsightJob.withJobDefaults(new Configuration());
    assertThat(conf.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
    assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    // read through RocksDB's own option: the text is parsed as its backend parses it
    assertThat(conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
        .map(Enum::name)
        .containsExactly("NO_COMPRESSION", "NO_COMPRESSION", "NO_COMPRESSION", "LZ4_COMPRESSION");
  }

  @Test
  void aCompressionTheUserGaveIsKept() {
    Configuration conf =
        GenAiInsightJob.withJobDefaults(
            Configuration.fromMap(
                Map.of(
                    RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL.key(), "ZSTD_COMPRESSION")));
    assertThat(conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
        .map(Enum::name)
        .containsExactly("ZSTD_COMPRESSION");
  }
}
