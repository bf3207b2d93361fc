package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.providers.FailureKind;
import org.ihlbench.transforms.providers.PaceReport;

/**
 * A run's rate limits as its shards met them (their {@link PaceReport}s, under {@code _pace/}),
 * folded by the driver into run.json ({@code rate_limits}) and printed under the summary: per
 * stage and bucket, the pace it settled on and where it came from, the 429s, a warning with the
 * limit to declare when more than 5% of requests were answered 429, and the calls given up.
 */
public record RunPacing(List<PaceReport.Bucket> buckets) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static RunPacing read(String runDir) throws IOException {
    return new RunPacing(PaceReport.byBucket(RunDirectory.at(runDir)
        .jsonLines(PaceReport.DIR + "/*.json").stream().map(PaceReport::fromJson).toList()));
  }

  /** Calls that ended because their shard gave up on a rate limit. */
  public long gaveUp() {
    return buckets.stream().mapToLong(PaceReport.Bucket::gaveUp).sum();
  }

  /** The {@code rate_limits} array of run.json. */
  ArrayNode toJson() {
    ArrayNode out = JSON.createArrayNode();
    buckets.forEach(b -> out.add(b.toJson()));
    return out;
  }

  /** What the buckets did on {@code out}; warnings and calls given up on {@code err}. */
  public void print(PrintStream out, PrintStream err) {
    for (PaceReport.Bucket b : buckets) {
      if (b.requests() > 0) {
        out.println("rate limit: " + b.describe());
      }
    }
    for (PaceReport.Bucket b : buckets) {
      if (b.warn()) {
        err.printf(Locale.ROOT, "warning: %.1f%% of %s's requests to rate-limit bucket '%s' were"
                + " answered 429%s%n", 100 * b.rateLimitedShare(), b.stage(), b.bucket(),
            b.suggestedPerMinute() > 0
                ? "; declare the limit it settled on, rate_limit: {requests_per_minute: "
                    + b.suggestedPerMinute() + "}, or lower"
                : "; declare the models' rate_limit");
      }
      if (b.gaveUp() > 0) {
        err.printf(Locale.ROOT, "%d %s calls gave up on rate-limit bucket '%s' after answering"
                + " only 429 for calls.rate_limit_patience (error_class %s in"
                + " errors/call_errors.jsonl); rerun the same command to resume: answers already"
                + " paid for come from the store%n", b.gaveUp(), b.stage(), b.bucket(),
            FailureKind.RATE_LIMIT_PATIENCE_EXCEEDED.errorClass());
      }
    }
  }
}
