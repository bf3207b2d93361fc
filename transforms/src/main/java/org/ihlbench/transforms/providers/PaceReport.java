package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.ratelimit.LimitLearner;

/**
 * The pace one rate-limit shard kept, written by {@link DispatchCalls} when the shard is done
 * ({@code <run>/_pace/<stage>-<shard>.json}, rewritten if a runner retries it), and read back
 * through the run directory ({@link #fromJson}) by bucket, for run.json and the end-of-run
 * summary: the pace it settled on and where it came from (declared, headers, learned, window),
 * requests, 429s, and calls given up on the limit.
 *
 * @param requestsPerMinute the shard's pace at the end; infinite when only the window limited it
 * @param declaredPerMinute the bucket's declared request limit, 0 for none
 * @param announcedPerMinute the bucket's limit as the provider's headers announced it, or NaN
 */
public record PaceReport(
    String stage,
    String bucket,
    String shard,
    String source,
    double requestsPerMinute,
    double declaredPerMinute,
    double announcedPerMinute,
    long requests,
    long answered,
    long rateLimited,
    long gaveUp) {

  /** The folder of a run (or any report directory) the shards write into. */
  public static final String DIR = "_pace";
  /** Requests answered 429 above this share of a bucket's requests deserve a warning. */
  public static final double WARN_SHARE = 0.05;

  private static final ObjectMapper JSON = new ObjectMapper();

  static PaceReport of(String stage, String bucket, String shard, double declaredPerMinute,
      LimitLearner pace, long gaveUp) {
    LimitLearner.State s = pace.state();
    return new PaceReport(stage, bucket, shard, s.source().label(), s.requestsPerMinute(),
        declaredPerMinute, pace.announcedRequestsPerMinute(), s.requests(), s.answered(),
        s.rateLimited(), gaveUp);
  }

  /** Writes this report under {@code dir} (local or gs://). */
  void write(String dir) throws IOException {
    String name = stage.replaceAll("[^A-Za-z0-9]+", "-") + "-"
        + ContentHash.sha256Hex(bucket + "\u0000" + shard).substring(0, 16) + ".json";
    String base = dir.endsWith("/") ? dir : dir + "/";
    ResourceId out = FileSystems.matchNewResource(base + DIR + "/" + name, false);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(out, MimeTypes.TEXT))) {
      os.write(JSON.writeValueAsBytes(toJson()));
    }
  }

  ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("stage", stage);
    n.put("bucket", bucket);
    n.put("shard", shard);
    n.put("source", source);
    putRate(n, "requests_per_minute", requestsPerMinute);
    putRate(n, "declared_requests_per_minute",
        declaredPerMinute > 0 ? declaredPerMinute : Double.NaN);
    putRate(n, "announced_requests_per_minute", announcedPerMinute);
    n.put("requests", requests);
    n.put("answered", answered);
    n.put("rate_limited", rateLimited);
    n.put("gave_up", gaveUp);
    return n;
  }

  private static void putRate(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, Math.round(v * 10) / 10.0);
    } else {
      n.putNull(field);
    }
  }

  /** A report as {@link #write} wrote it. */
  public static PaceReport fromJson(JsonNode n) {
    return new PaceReport(n.path("stage").asText(), n.path("bucket").asText(),
        n.path("shard").asText(), n.path("source").asText(),
        rate(n.path("requests_per_minute"), Double.POSITIVE_INFINITY),
        rate(n.path("declared_requests_per_minute"), 0),
        rate(n.path("announced_requests_per_minute"), Double.NaN),
        n.path("requests").asLong(), n.path("answered").asLong(),
        n.path("rate_limited").asLong(), n.path("gave_up").asLong());
  }

  private static double rate(JsonNode v, double missing) {
    return v.isNumber() ? v.asDouble() : missing;
  }

  /**
   * A bucket's shards together, per stage: their paces added up, where they came from, and what
   * was asked and refused.
   */
  public record Bucket(String stage, String bucket, int shards, double requestsPerMinute,
      String source, double declaredPerMinute, double announcedPerMinute, long requests,
      long answered, long rateLimited, long gaveUp) {

    /** Requests answered 429, as a share of all requests. */
    public double rateLimitedShare() {
      return requests == 0 ? 0 : (double) rateLimited / requests;
    }

    /** More than {@link #WARN_SHARE} of requests were answered 429. */
    public boolean warn() {
      return rateLimitedShare() > WARN_SHARE;
    }

    /** The limit to declare: the pace the bucket settled on, rounded down. */
    public long suggestedPerMinute() {
      return Double.isFinite(requestsPerMinute) ? (long) Math.floor(requestsPerMinute) : 0;
    }

    public ObjectNode toJson() {
      ObjectNode n = JSON.createObjectNode();
      n.put("stage", stage);
      n.put("bucket", bucket);
      n.put("shards", shards);
      putRate(n, "requests_per_minute", requestsPerMinute);
      n.put("source", source);
      putRate(n, "declared_requests_per_minute",
          declaredPerMinute > 0 ? declaredPerMinute : Double.NaN);
      putRate(n, "announced_requests_per_minute", announcedPerMinute);
      n.put("requests", requests);
      n.put("answered", answered);
      n.put("rate_limited", rateLimited);
      n.put("rate_limited_share", Math.round(rateLimitedShare() * 10_000) / 10_000.0);
      n.put("gave_up", gaveUp);
      if (warn() && suggestedPerMinute() > 0) {
        n.put("suggested_requests_per_minute", suggestedPerMinute());
      }
      return n;
    }

    /** One line for the end-of-run summary. */
    public String describe() {
      String pace = Double.isFinite(requestsPerMinute)
          ? String.format(Locale.ROOT, "%.0f requests/min", requestsPerMinute)
          : "no limit met (the in-flight window bound it)";
      return String.format(Locale.ROOT, "%s %s: %s (%s), %d requests, %d answered 429 (%.1f%%)%s",
          stage, bucket, pace, source, requests, rateLimited, 100 * rateLimitedShare(),
          gaveUp > 0 ? ", " + gaveUp + " calls given up" : "");
    }
  }

  /** The reports of each (stage, bucket), shards added up, in a stable order. */
  public static List<Bucket> byBucket(List<PaceReport> reports) {
    Map<String, List<PaceReport>> groups = new LinkedHashMap<>();
    reports.stream()
        .sorted((a, b) -> (a.stage + "\u0000" + a.bucket + "\u0000" + a.shard)
            .compareTo(b.stage + "\u0000" + b.bucket + "\u0000" + b.shard))
        .forEach(r -> groups.computeIfAbsent(r.stage + "\u0000" + r.bucket,
            k -> new ArrayList<>()).add(r));
    List<Bucket> out = new ArrayList<>();
    for (List<PaceReport> g : groups.values()) {
      double pace = 0;
      double announced = Double.NaN;
      long requests = 0;
      long answered = 0;
      long limited = 0;
      long gaveUp = 0;
      TreeSet<String> sources = new TreeSet<>();
      for (PaceReport r : g) {
        pace += r.requestsPerMinute;
        if (!Double.isNaN(r.announcedPerMinute)) {
          announced = r.announcedPerMinute;
        }
        requests += r.requests;
        answered += r.answered;
        limited += r.rateLimited;
        gaveUp += r.gaveUp;
        sources.add(r.source);
      }
      PaceReport first = g.get(0);
      out.add(new Bucket(first.stage, first.bucket, g.size(), pace, String.join("+", sources),
          first.declaredPerMinute, announced, requests, answered, limited, gaveUp));
    }
    return out;
  }
}
