package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The bulk sink in a Flink MiniCluster against a real in-process OpenSearch (one per class). */
class OpenSearchSinkITCase {

  /** Keeps the counters of finished jobs, which the bad-record tests read. */
  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY_1 = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli();
  private static final long DAY_2 = Instant.parse("2026-01-02T10:00:00Z").toEpochMilli();

  private static EmbeddedOpenSearch openSearch;
  private static BulkRecordingProxy proxy;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startOpenSearch() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().start();
    proxy = new BulkRecordingProxy(openSearch.httpUri());
  }

  @AfterAll
  static void stopOpenSearch() throws Exception {
    proxy.close();
    openSearch.close();
  }

  @BeforeEach
  void resetProxy() {
    proxy.clear();
    proxy.failNextBulks(0, 429);
    proxy.requireAuthorization(null);
  }

  @Test
  void batchesBySizeIntoDailyIndicesWithTheTemplateMapping() throws Exception {
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      events.add(event("batch", "e" + i, i < 150 ? DAY_1 + i : DAY_2 + i, "200"));
    }
    run("batch", events, config().setMaxBatchActions(100).setFlushInterval(Duration.ofHours(1)));

    assertThat(proxy.bulks()).extracting(b -> b.ids.size()).containsExactly(100, 100, 50);
    assertThat(proxy.bulks()).extracting(b -> b.status).containsOnly(200);
    assertThat(count("batch-2026.01.01")).isEqualTo(150);
    assertThat(count("batch-2026.01.02")).isEqualTo(100);

    JsonNode properties =
        get("/batch-2026.01.01/_mapping").path("batch-2026.01.01").path("mappings");
    properties = properties.path("properties");
    assertThat(properties.path("service").path("type").asText()).isEqualTo("keyword");
    assertThat(properties.path("status").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("timestamp").path("type").asText()).isEqualTo("date");
    // fields the template does not name are kept, mapped dynamically
    assertThat(properties.path("note").path("type").asText()).isEqualTo("text");
    JsonNode doc = get("/batch-2026.01.02/_doc/e200");
    assertThat(doc.path("_source").path("service").asText()).isEqualTo("svc-batch");
    assertThat(doc.path("_source").path("timestamp").asLong()).isEqualTo(DAY_2 + 200);
  }

  @Test
  void replayOverwritesInsteadOfDuplicating() throws Exception {
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(event("replay", "r" + i, DAY_1 + i, "200"));
    }
    run("replay", events, config());
    run("replay", events, config());

    assertThat(count("replay-*")).isEqualTo(40);
    assertThat(get("/replay-2026.01.01/_doc/r7").path("_version").asInt()).isEqualTo(2);
  }

  @Test
  void retriesWholeRequestAnswered429() throws Exception {
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(event("throttled", "t" + i, DAY_1 + i, "200"));
    }
    proxy.failNextBulks(2, 429);
    run("throttled", events, config());

    List<BulkRecordingProxy.Exchange> bulks = proxy.bulks();
    assertThat(bulks).extracting(b -> b.status).containsExactly(429, 429, 200);
    assertThat(bulks).allSatisfy(b -> assertThat(b.ids).hasSize(30));
    assertThat(count("throttled-*")).isEqualTo(30);
  }

  @Test
  void retriesWholeRequestAnswered503UntilStoreRecovers() throws Exception {
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(event("unavailable", "u" + i, DAY_1 + i, "200"));
    }
    proxy.failNextBulks(3, 503);
    run("unavailable", events, config());

    assertThat(proxy.bulks()).extracting(b -> b.status).containsExactly(503, 503, 503, 200);
    assertThat(count("unavailable-*")).isEqualTo(30);
  }

  @Test
  void retriesOnlyTheItemsThatFailed() throws Exception {
    // a real per-item 429: the flood-stage block OpenSearch puts on an index when the disk fills
    put("/partial-2026.01.01", "{}");
    put("/partial-2026.01.01/_settings", "{\"index.blocks.read_only_allow_delete\":true}");
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(event("partial", "blocked" + i, DAY_1 + i, "200"));
      events.add(event("partial", "open" + i, DAY_2 + i, "200"));
    }
    JobClient job =
        start("partial", events, config().setBackoff(ms(100), ms(400)).setMaxRetries(100));
    awaitBulks(1);
    put("/partial-2026.01.01/_settings", "{\"index.blocks.read_only_allow_delete\":null}");
    job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

    List<BulkRecordingProxy.Exchange> bulks = proxy.bulks();
    assertThat(bulks.get(0).ids).hasSize(20);
    Set<String> blocked =
        events.stream()
            .map(e -> e.id)
            .filter(id -> id.startsWith("blocked"))
            .collect(Collectors.toSet());
    assertThat(bulks.subList(1, bulks.size()))
        .isNotEmpty()
        .allSatisfy(b -> assertThat(blocked).containsAll(b.ids));
    assertThat(bulks.get(bulks.size() - 1).ids).containsExactlyInAnyOrderElementsOf(blocked);
    assertThat(count("partial-2026.01.01")).isEqualTo(10);
    assertThat(count("partial-2026.01.02")).isEqualTo(10);
    // the documents that went through the first time were never sent again
    assertThat(get("/partial-2026.01.02/_doc/open3").path("_version").asInt()).isEqualTo(1);
  }

  @Test
  void storeOutageLosesNothing() throws Exception {
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(event("outage", "o" + i, DAY_1 + i, "200"));
    }
    proxy.suspend();
    JobClient job;
    long retriedDuringOutage;
    try {
      job = start("outage", events, config().setBackoff(ms(100), ms(500)).setMaxRetries(100));
      // the outage lasts until the sink has met it: two _bulk requests whose connection was
      // refused, each retried (the counter is read from the running job)
      JobID id = job.getJobID();
      Await.until(
          Duration.ofSeconds(60),
          "two refused _bulk requests retried",
          () -> liveCounter(id, OpenSearchSinkMetrics.BULK_REQUESTS_RETRIED) >= 2,
          () -> "retried " + liveCounter(id, OpenSearchSinkMetrics.BULK_REQUESTS_RETRIED));
      retriedDuringOutage = liveCounter(id, OpenSearchSinkMetrics.BULK_REQUESTS_RETRIED);
      // nothing reached the store while it was down
      assertThat(proxy.bulks()).isEmpty();
    } finally {
      proxy.resume();
    }
    job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

    assertThat(count("outage-*")).isEqualTo(50);
    assertThat(counter(job.getJobID(), OpenSearchSinkMetrics.BULK_REQUESTS_RETRIED))
        .isGreaterThanOrEqualTo(retriedDuringOutage);
    assertThat(counter(job.getJobID(), OpenSearchSinkMetrics.DOCUMENTS_INDEXED)).isEqualTo(50);
    // once the store is back every document goes through once (the congestion control may have
    // shrunk the batches after the failures, so there can be more than one request)
    assertThat(proxy.bulks()).extracting(b -> b.status).containsOnly(200);
    assertThat(proxy.bulks().stream().flatMap(b -> b.ids.stream()))
        .containsExactlyInAnyOrderElementsOf(
            events.stream().map(e -> e.id).collect(Collectors.toList()));
  }

  @Test
  void mappingErrorFailsTheJobNamingIndexIdAndReason() {
    List<TestEvent> events =
        List.of(
            event("mapping", "good-1", DAY_1, "200"),
            event("mapping", "bad-1", DAY_1 + 1, "not-a-number"));

    assertThatThrownBy(() -> run("mapping", events, config().setBadRecordMode(BadRecordMode.FAIL)))
        .satisfies(
            e -> {
              OpenSearchSinkException failure =
                  ExceptionUtils.findThrowable(e, OpenSearchSinkException.class).orElseThrow();
              assertThat(failure.getMessage())
                  .contains("OpenSearch refused 1 of 2 documents")
                  .contains("index [mapping-2026.01.01] id [bad-1]: HTTP 400")
                  .contains("mapper_parsing_exception")
                  .contains("[status]")
                  .contains("opensearch.bad-record.mode");
            });
    // refused documents are not retried
    assertThat(proxy.bulks()).hasSize(1);
  }

  @Test
  void dropModeSkipsRefusedDocumentsAndIndexesTheRest() throws Exception {
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(event("drop", "d" + i, DAY_1 + i, i == 2 ? "oops" : "200"));
    }
    run("drop", events, config().setBadRecordMode(BadRecordMode.DROP));

    assertThat(count("drop-*")).isEqualTo(4);
    assertThat(proxy.bulks()).hasSize(1);
  }

  /**
   * Six good events, one over the record limit of {@link #badRecordConfig}, one mapping conflict.
   */
  private static List<TestEvent> goodAndBad(String prefix) {
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      events.add(event(prefix, "g" + i, DAY_1 + i, "200"));
      if (i == 2) {
        events.add(new TestEvent("big", DAY_1 + 100, "svc-" + prefix, "200", "x".repeat(10_000)));
      }
      if (i == 3) {
        events.add(event(prefix, "bad", DAY_1 + 101, "oops"));
      }
    }
    return events;
  }

  private static OpenSearchSinkBuilder<TestEvent> badRecordConfig(
      String prefix, BadRecordMode mode) {
    return config()
        .setMaxDocumentBytes(8192)
        .setBadRecordMode(mode)
        .setDeadLetterIndexPrefix("letters-" + prefix);
  }

  private static String sourceOf(List<TestEvent> events, String id) {
    return events.stream().filter(e -> e.id.equals(id)).findFirst().orElseThrow().toJson();
  }

  @Test
  void deadLettersTheOverLimitAndTheRefusedDocumentAndStoresTheRestExactly() throws Exception {
    List<TestEvent> events = goodAndBad("dl");
    long before = System.currentTimeMillis();
    JobID job = run("dl", events, badRecordConfig("dl", BadRecordMode.DEAD_LETTER));
    long after = System.currentTimeMillis();

    assertThat(count("dl-*")).isEqualTo(6);
    for (int i = 0; i < 6; i++) {
      JsonNode doc = get("/dl-2026.01.01/_doc/g" + i);
      assertThat(doc.path("_source").path("timestamp").asLong()).isEqualTo(DAY_1 + i);
      assertThat(doc.path("_source").path("note").asText()).isEqualTo("note of g" + i);
    }

    assertThat(count("letters-dl-*")).isEqualTo(2);
    JsonNode hits = get("/letters-dl-*/_search?size=10&sort=documentId").path("hits").path("hits");
    assertThat(hits).hasSize(2);
    JsonNode big = hits.get(1);
    JsonNode bigLetter = big.path("_source");
    String bigSource = sourceOf(events, "big");
    assertThat(big.path("_id").asText()).isEqualTo("dl-2026.01.01/big");
    assertThat(bigLetter.path("index").asText()).isEqualTo("dl-2026.01.01");
    assertThat(bigLetter.path("documentId").asText()).isEqualTo("big");
    assertThat(bigLetter.path("status").asInt()).isEqualTo(413);
    assertThat(bigLetter.path("errorType").asText()).isEqualTo("document_too_large");
    long bigSize = new BulkOperation("dl-2026.01.01", "big", bigSource).sizeInBytes();
    assertThat(bigLetter.path("sizeBytes").asLong()).isEqualTo(bigSize);
    assertThat(bigLetter.path("reason").asText())
        .isEqualTo(
            "document of "
                + bigSize
                + " bytes is larger than opensearch.max-document-size (8192 bytes); not sent");
    assertThat(bigLetter.path("sourceExcerpt").asText())
        .isEqualTo(
            bigSource.substring(0, 4096) + "...[" + (bigSource.length() - 4096) + " more chars]");
    long bigTime = bigLetter.path("timestamp").asLong();
    assertThat(bigTime).isBetween(before, after);
    assertThat(big.path("_index").asText()).isEqualTo(DailyIndexName.of("letters-dl", bigTime));

    JsonNode bad = hits.get(0);
    JsonNode badLetter = bad.path("_source");
    String badSource = sourceOf(events, "bad");
    assertThat(bad.path("_id").asText()).isEqualTo("dl-2026.01.01/bad");
    assertThat(badLetter.path("index").asText()).isEqualTo("dl-2026.01.01");
    assertThat(badLetter.path("documentId").asText()).isEqualTo("bad");
    assertThat(badLetter.path("status").asInt()).isEqualTo(400);
    assertThat(badLetter.path("errorType").asText()).isEqualTo("mapper_parsing_exception");
    assertThat(badLetter.path("reason").asText()).contains("[status]");
    assertThat(badLetter.path("sizeBytes").asLong())
        .isEqualTo(new BulkOperation("dl-2026.01.01", "bad", badSource).sizeInBytes());
    assertThat(badLetter.path("sourceExcerpt").asText()).isEqualTo(badSource);
    assertThat(badLetter.path("timestamp").asLong()).isBetween(before, after);

    // the excerpt is kept, not indexed, and nothing unknown gets mapped
    JsonNode mappings = get("/letters-dl-*/_mapping").elements().next().path("mappings");
    assertThat(mappings.path("dynamic").asText()).isEqualTo("false");
    assertThat(mappings.path("properties").path("sourceExcerpt").path("index").asBoolean(true))
        .isFalse();

    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_INDEXED)).isEqualTo(6);
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_REFUSED)).isEqualTo(2);
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_DEAD_LETTERED)).isEqualTo(2);
    assertThat(counter(job, OpenSearchSinkMetrics.DEAD_LETTER_FAILURES)).isZero();
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_DROPPED)).isZero();
  }

  @Test
  void dropModeCountsTheBadDocumentsAndStoresTheRestExactly() throws Exception {
    List<TestEvent> events = goodAndBad("dropbad");
    JobID job = run("dropbad", events, badRecordConfig("dropbad", BadRecordMode.DROP));

    assertThat(count("dropbad-*")).isEqualTo(6);
    for (int i = 0; i < 6; i++) {
      assertThat(get("/dropbad-2026.01.01/_doc/g" + i).path("found").asBoolean()).isTrue();
    }
    assertThat(count("letters-dropbad-*")).isZero();
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_INDEXED)).isEqualTo(6);
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_REFUSED)).isEqualTo(2);
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_DROPPED)).isEqualTo(2);
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_DEAD_LETTERED)).isZero();
    assertThat(counter(job, OpenSearchSinkMetrics.DEAD_LETTER_FAILURES)).isZero();
  }

  @Test
  void failModeFailsTheJobOnADocumentOverTheRecordLimit() throws Exception {
    List<TestEvent> events = goodAndBad("failbig");

    assertThatThrownBy(() -> run("failbig", events, badRecordConfig("failbig", BadRecordMode.FAIL)))
        .satisfies(
            e ->
                assertThat(
                        ExceptionUtils.findThrowable(e, OpenSearchSinkException.class)
                            .orElseThrow()
                            .getMessage())
                    .contains("index [failbig-2026.01.01] id [big]: HTTP 413 document_too_large")
                    .contains("opensearch.bad-record.mode"));
    assertThat(count("letters-failbig-*")).isZero();
  }

  @Test
  void aDeadLetterTheStoreRefusesIsCountedAndDoesNotFailTheJob() throws Exception {
    // today's (and, around midnight, tomorrow's) letter index exists with a mapping that
    // refuses the letter: documentId is not a number
    long now = System.currentTimeMillis();
    for (long day : new long[] {now, now + TimeUnit.DAYS.toMillis(1)}) {
      put(
          "/" + DailyIndexName.of("letters-dlrefused", day),
          "{\"mappings\":{\"properties\":{\"documentId\":{\"type\":\"long\"}}}}");
    }
    List<TestEvent> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(event("dlrefused", "g" + i, DAY_1 + i, i == 1 ? "oops" : "200"));
    }
    JobID job = run("dlrefused", events, badRecordConfig("dlrefused", BadRecordMode.DEAD_LETTER));

    assertThat(count("dlrefused-*")).isEqualTo(3);
    assertThat(count("letters-dlrefused-*")).isZero();
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_INDEXED)).isEqualTo(3);
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_REFUSED)).isEqualTo(1);
    assertThat(counter(job, OpenSearchSinkMetrics.DOCUMENTS_DEAD_LETTERED)).isZero();
    assertThat(counter(job, OpenSearchSinkMetrics.DEAD_LETTER_FAILURES)).isEqualTo(1);
  }

  @Test
  void sendsBasicAuthAndFailsClearlyWhenRefused() throws Exception {
    String header =
        "Basic "
            + Base64.getEncoder().encodeToString("writer:s3cret".getBytes(StandardCharsets.UTF_8));
    proxy.requireAuthorization(header);
    List<TestEvent> events = List.of(event("auth", "a1", DAY_1, "200"));
    run("auth", events, config().setBasicAuth("writer", "s3cret"));
    assertThat(count("auth-*")).isEqualTo(1);
    assertThat(proxy.bulks()).extracting(b -> b.authorization).containsExactly(header);

    proxy.clear();
    assertThatThrownBy(
            () ->
                run(
                    "auth",
                    events,
                    config().setBasicAuth("writer", "wrong").setInstallIndexTemplate(false)))
        .satisfies(
            e ->
                assertThat(
                        ExceptionUtils.findThrowable(e, OpenSearchSinkException.class)
                            .orElseThrow()
                            .getMessage())
                    .contains("rejected with HTTP 401")
                    .contains("opensearch.username"));
    assertThat(proxy.bulks()).hasSize(1);
  }

  @Test
  void talksTlsToAStoreSignedByTheConfiguredCaFileOrTrustStore(@TempDir Path dir) throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    try (BulkRecordingProxy https =
        new BulkRecordingProxy(openSearch.httpUri(), certificates.serverContext())) {
      String host = https.uri().toString();
      assertThat(host).startsWith("https://127.0.0.1:");

      run(
          "tls-ca",
          List.of(event("tls-ca", "c1", DAY_1, "200"), event("tls-ca", "c2", DAY_1 + 1, "200")),
          OpenSearchSink.<TestEvent>builder()
              .setHost(host)
              .setCaFile(certificates.caPem.toString()));
      run(
          "tls-store",
          List.of(event("tls-store", "s1", DAY_1, "200")),
          OpenSearchSink.<TestEvent>builder()
              .setHost(host)
              .setTrustStore(
                  certificates.trustStore.toString(), TestCertificates.PASSWORD, "PKCS12"));
      assertThat(count("tls-ca-*")).isEqualTo(2);
      assertThat(count("tls-store-*")).isEqualTo(1);
      assertThat(https.bulks()).extracting(b -> b.ids.size()).containsExactly(2, 1);

      // without the CA the JVM's default trust refuses the self-signed certificate: fail, clearly
      assertThatThrownBy(
              () ->
                  run(
                      "tls-none",
                      List.of(event("tls-none", "n1", DAY_1, "200")),
                      OpenSearchSink.<TestEvent>builder().setHost(host).setMaxRetries(0)))
          .satisfies(
              e ->
                  assertThat(
                          ExceptionUtils.findThrowable(e, OpenSearchSinkException.class)
                              .orElseThrow()
                              .getMessage())
                      .contains("TLS handshake with " + host + " failed")
                      .contains("opensearch.tls.ca-file"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static TestEvent event(String prefix, String id, long timeMs, String status) {
    return new TestEvent(id, timeMs, "svc-" + prefix, status, "note of " + id);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static OpenSearchSinkBuilder<TestEvent> config() {
    return OpenSearchSink.<TestEvent>builder()
        .setHost(proxy.uri().toString())
        .setBackoff(ms(50), ms(200))
        .setMaxRetries(5);
  }

  private static OpenSearchIndexTemplate template(String prefix) {
    return new OpenSearchIndexTemplate(
        prefix,
        "{\"index_patterns\":[\""
            + DailyIndexName.pattern(prefix)
            + "\"],\"priority\":100,\"template\":{"
            + "\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
            + "\"mappings\":{\"properties\":{"
            + "\"timestamp\":{\"type\":\"date\",\"format\":\"epoch_millis\"},"
            + "\"service\":{\"type\":\"keyword\"},"
            + "\"status\":{\"type\":\"long\"}}}}}");
  }

  private static JobClient start(
      String prefix, List<TestEvent> events, OpenSearchSinkBuilder<TestEvent> config)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromData(TestEvent.class, events.toArray(new TestEvent[0]))
        .sinkTo(
            config
                .setIndexTemplate(template(prefix))
                .setConverter(
                    e ->
                        new OpenSearchDocument(
                            DailyIndexName.of(prefix, e.timeMs), e.id, e.toJson()))
                .build())
        .name("opensearch-sink");
    return env.executeAsync("opensearch-sink-" + prefix);
  }

  private static JobID run(
      String prefix, List<TestEvent> events, OpenSearchSinkBuilder<TestEvent> config)
      throws Exception {
    JobClient job = start(prefix, events, config);
    job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
    return job.getJobID();
  }

  /** The sink counter of that name of a finished job (parallelism 1: one writer). */
  private static long counter(JobID job, String name) {
    long sum = 0;
    int found = 0;
    for (Map.Entry<String, Metric> e : REPORTER.getMetricsByIdentifiers(job).entrySet()) {
      if (e.getKey().endsWith("." + name) && e.getValue() instanceof Counter) {
        sum += ((Counter) e.getValue()).getCount();
        found++;
      }
    }
    assertThat(found).as("counter %s registered", name).isEqualTo(1);
    return sum;
  }

  /**
   * The sink counter of that name of a running job, or 0 before the writer has registered it (a job
   * that has not started yet).
   */
  private static long liveCounter(JobID job, String name) {
    long sum = 0;
    for (Map.Entry<String, Metric> e : REPORTER.getMetricsByIdentifiers(job).entrySet()) {
      if (e.getKey().endsWith("." + name) && e.getValue() instanceof Counter) {
        sum += ((Counter) e.getValue()).getCount();
      }
    }
    return sum;
  }

  private static void awaitBulks(int count) throws InterruptedException {
    Await.until(
        Duration.ofSeconds(30),
        count + " _bulk requests at the proxy",
        () -> proxy.bulks().size() >= count,
        () -> proxy.bulks().size() + " so far");
  }

  private long count(String indexPattern) throws Exception {
    send("POST", "/" + indexPattern + "/_refresh", null);
    return get("/" + indexPattern + "/_count").path("count").asLong();
  }

  private JsonNode get(String path) throws Exception {
    return send("GET", path, null);
  }

  private void put(String path, String body) throws Exception {
    send("PUT", path, body);
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(openSearch.httpUri() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isBetween(200, 299);
    return JSON.readTree(response.body());
  }
}
