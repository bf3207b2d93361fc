package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.ratelimit.LimitLearner;
import org.ihlbench.transforms.ratelimit.RateLimitHeaders;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PaceReportTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static PaceReport shard(String stage, String bucket, String shard, String source,
      double perMinute, long requests, long limited, long gaveUp) {
    return new PaceReport(stage, bucket, shard, source, perMinute, 0, Double.NaN, requests,
        requests - limited, limited, gaveUp);
  }

  @Test
  public void shardsWrittenAreReadBackAndAddedUpPerStageAndBucket() throws Exception {
    String dir = tmp.getRoot().getPath();
    LimitLearner pace = new LimitLearner(600, 0, 2, 64, 0);
    pace.started(0);
    pace.succeeded(200_000_000L, 0, 10, 10, RateLimitHeaders.NONE);
    PaceReport.of("generate", "openai:KEY", "openai:KEY#0", 600, pace, 0).write(dir);
    PaceReport.of("generate", "openai:KEY", "openai:KEY#1", 600, pace, 0).write(dir);
    PaceReport.of("judge", "openai:KEY", "openai:KEY#0", 600, pace, 0).write(dir);
    // A runner that retries a shard rewrites its report, not adds one.
    PaceReport.of("judge", "openai:KEY", "openai:KEY#0", 600, pace, 0).write(dir);
    List<PaceReport> read = readAll(dir);
    assertEquals(3, read.size());
    List<PaceReport.Bucket> buckets = PaceReport.byBucket(read);
    assertEquals(2, buckets.size());
    PaceReport.Bucket g = buckets.get(0);
    assertEquals("generate", g.stage());
    assertEquals(2, g.shards());
    assertEquals("two shards at half the declared limit each", 600, g.requestsPerMinute(), 1e-9);
    assertEquals("declared", g.source());
    assertEquals(600, g.declaredPerMinute(), 0);
    assertEquals(2, g.requests());
    assertEquals("judge", buckets.get(1).stage());
    assertEquals(300, buckets.get(1).requestsPerMinute(), 1e-9);
  }

  /** Every shard's report under {@code dir}, read as the driver reads them. */
  static List<PaceReport> readAll(String dir) throws java.io.IOException {
    return RunDirectory.at(dir).jsonLines(PaceReport.DIR + "/*.json").stream()
        .map(PaceReport::fromJson).toList();
  }

  @Test
  public void noReportsNoBuckets() throws Exception {
    assertTrue(readAll(tmp.getRoot().getPath()).isEmpty());
  }

  @Test
  public void moreThanFivePercent429sWarnsAndSuggestsThePaceItSettledOn() {
    PaceReport.Bucket b = PaceReport.byBucket(List.of(
        shard("generate", "b", "b#0", "learned", 290.6, 100, 4, 0),
        shard("generate", "b", "b#1", "learned", 280.2, 100, 7, 0))).get(0);
    assertEquals(0.055, b.rateLimitedShare(), 1e-12);
    assertTrue(b.warn());
    assertEquals(570, b.suggestedPerMinute());
    assertEquals(570, b.toJson().path("suggested_requests_per_minute").asLong());
    assertEquals("generate b: 571 requests/min (learned), 200 requests, 11 answered 429 (5.5%)",
        b.describe());
    PaceReport.Bucket fine = PaceReport.byBucket(List.of(
        shard("generate", "b", "b#0", "headers", 600, 100, 5, 0))).get(0);
    assertFalse(fine.warn());
    assertFalse(fine.toJson().has("suggested_requests_per_minute"));
  }

  @Test
  public void aBucketThatOnlyItsWindowBoundHasNoPaceAndCallsGivenUpAreSaid() {
    PaceReport.Bucket b = PaceReport.byBucket(List.of(shard("generate", "b", "b#0", "window",
        Double.POSITIVE_INFINITY, 40, 30, 12))).get(0);
    assertEquals("generate b: no limit met (the in-flight window bound it) (window), 40 requests,"
        + " 30 answered 429 (75.0%), 12 calls given up", b.describe());
    assertTrue(b.toJson().path("requests_per_minute").isNull());
    assertEquals(12, b.toJson().path("gave_up").asLong());
  }
}
