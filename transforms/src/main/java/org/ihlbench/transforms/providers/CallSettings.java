package org.ihlbench.transforms.providers;

import java.io.Serializable;

/**
 * How calls are made, whatever the stage: where the response store is, how many shards each
 * rate-limit bucket is split into, what the run may spend, how long it waits on a rate limit,
 * and where it reports the pace each shard kept.
 *
 * @param runId the run these calls belong to (progress and spend are counted per run)
 * @param storeRoot response store path (local or gs://); null disables the store
 * @param shardsPerBucket each bucket's calls are spread over this many keys, each paced at
 *     limit / shards, so the limit holds whatever the runner's parallelism
 * @param budgetUsd stop making new calls once this much is spent (0 = no cap)
 * @param expectedCalls for progress lines only: how many calls the run expects to make
 * @param progressSeconds seconds between progress lines (0 = none)
 * @param rateLimitPatienceSeconds a shard whose provider answers only 429 for this long gives up
 *     its calls left ({@link FailureKind#RATE_LIMIT_PATIENCE_EXCEEDED})
 * @param reportDir where each shard writes the pace it kept ({@link PaceReport}); null for none
 * @param batch how the calls of endpoints in batch mode are made
 */
public record CallSettings(
    String runId, String storeRoot, int shardsPerBucket, double budgetUsd, long expectedCalls,
    int progressSeconds, long rateLimitPatienceSeconds, String reportDir, BatchSettings batch)
    implements Serializable {

  public CallSettings(String runId, String storeRoot, int shardsPerBucket, double budgetUsd,
      long expectedCalls, int progressSeconds, long rateLimitPatienceSeconds, String reportDir) {
    this(runId, storeRoot, shardsPerBucket, budgetUsd, expectedCalls, progressSeconds,
        rateLimitPatienceSeconds, reportDir, BatchSettings.DEFAULT);
  }

  /** Half an hour without an answer before a shard gives up on a rate limit. */
  public static final long DEFAULT_PATIENCE_SECONDS = 30 * 60;

  public static CallSettings of(String runId, String storeRoot) {
    return new CallSettings(runId, storeRoot, 1, 0, 0, 10, DEFAULT_PATIENCE_SECONDS, null);
  }

  public CallSettings withBatch(BatchSettings b) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, budgetUsd, expectedCalls,
        progressSeconds, rateLimitPatienceSeconds, reportDir, b);
  }

  public CallSettings withShards(int shards) {
    return new CallSettings(runId, storeRoot, shards, budgetUsd, expectedCalls, progressSeconds,
        rateLimitPatienceSeconds, reportDir, batch);
  }

  public CallSettings withBudget(double usd) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, usd, expectedCalls,
        progressSeconds, rateLimitPatienceSeconds, reportDir, batch);
  }

  public CallSettings withExpectedCalls(long n) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, budgetUsd, n, progressSeconds,
        rateLimitPatienceSeconds, reportDir, batch);
  }

  public CallSettings withProgressEvery(int seconds) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, budgetUsd, expectedCalls, seconds,
        rateLimitPatienceSeconds, reportDir, batch);
  }

  public CallSettings withRateLimitPatience(long seconds) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, budgetUsd, expectedCalls,
        progressSeconds, seconds, reportDir, batch);
  }

  /** Each shard writes the pace it kept under {@code dir} (a run directory, local or gs://). */
  public CallSettings reportingTo(String dir) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, budgetUsd, expectedCalls,
        progressSeconds, rateLimitPatienceSeconds, dir, batch);
  }
}
