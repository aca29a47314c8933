package dev.aigw.insight.dashboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How the reader picks the job and reads metric ids and checkpoints from Flink's REST answers. */
class PipelineReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theRunningJobStartedLastIsRead() throws Exception {
    JsonNode overview =
        JSON.readTree(
            """
            {"jobs":[
              {"jid":"a","name":"old","state":"FINISHED","start-time":300,"duration":5},
              {"jid":"b","name":"job","state":"RUNNING","start-time":100,"duration":50},
              {"jid":"c","name":"newer","state":"RUNNING","start-time":200,"duration":20}]}
            """);
    assertThat(PipelineReader.job(overview))
        .isEqualTo(new PipelineSnapshot.Job("c", "newer", "RUNNING", 200, 20));
    JsonNode none = JSON.readTree("{\"jobs\":[]}");
    assertThat(PipelineReader.job(none)).isNull();
    JsonNode stopped =
        JSON.readTree(
            """
            {"jobs":[{"jid":"a","name":"x","state":"CANCELED","start-time":1,"duration":2},
                     {"jid":"b","name":"y","state":"FAILED","start-time":3,"duration":4}]}
            """);
    assertThat(PipelineReader.job(stopped).id()).isEqualTo("b");
  }

  @Test
  void metricIdsAreMatchedByTheirLastSegmentAndRefusalsByReason() {
    assertThat(PipelineMetric.ofId("Source__OTLP_receiver.otlpReceiver.pointsReceived"))
        .isEqualTo(PipelineMetric.POINTS_RECEIVED);
    assertThat(PipelineMetric.ofId("Source__OTLP_receiver.otlpReceiver.receiveToAckMs_p99"))
        .isEqualTo(PipelineMetric.RECEIVE_TO_ACK_P99_MS);
    assertThat(PipelineMetric.ofId("Map.numRecordsIn")).isNull();
    String rejected = "Source__OTLP_receiver.otlpReceiver.reason.throttled.requestsRejected";
    assertThat(PipelineMetric.ofId(rejected)).isEqualTo(PipelineMetric.REQUESTS_REJECTED);
    assertThat(PipelineMetric.reasonOf(rejected)).isEqualTo("throttled");
    assertThat(PipelineMetric.WATERMARK_LAG_MS.additive()).isFalse();
    assertThat(PipelineMetric.BANYANDB_PENDING_ROWS.additive()).isTrue();
    assertThat(PipelineMetric.BANYANDB_PENDING_ROWS.counter()).isFalse();
  }

  @Test
  void theLastCompletedCheckpointIsRead() throws Exception {
    JsonNode c =
        JSON.readTree(
            """
            {"counts":{"completed":7,"failed":1,"in_progress":0},
             "latest":{"completed":{"id":7,"latest_ack_timestamp":1000,"state_size":2048,
                                    "checkpointed_size":512,"end_to_end_duration":33}}}
            """);
    assertThat(PipelineReader.checkpoints(c))
        .isEqualTo(new PipelineSnapshot.Checkpoints(7, 1, 0, 7, 1000, 2048, 512, 33));
    JsonNode none =
        JSON.readTree(
            "{\"counts\":{\"completed\":0,\"failed\":0,\"in_progress\":1},"
                + "\"latest\":{\"completed\":null}}");
    assertThat(PipelineReader.checkpoints(none))
        .isEqualTo(new PipelineSnapshot.Checkpoints(0, 0, 1, -1, 0, 0, 0, 0));
  }
}
