package org.ihlbench.transforms.providers;

import java.io.Serializable;

/**
 * How calls are made, whatever the stage: where the response store is, how many shards each
 * rate-limit bucket is split into, and what the run may spend.
 *
 * @param runId the run these calls belong to (progress and spend are counted per run)
 * @param storeRoot response store path (local or gs://); null disables the store
 * @param shardsPerBucket each bucket's calls are spread over this many keys, each paced at
 *     limit / shards, so the limit holds whatever the runner's parallelism
 * @param budgetUsd stop making new calls once this much is spent (0 = no cap)
 * @param expectedCalls for progress lines only: how many calls the run expects to make
 * @param progressSeconds seconds between progress lines (0 = none)
 */
public record CallSettings(
    String runId, String storeRoot, int shardsPerBucket, double budgetUsd, long expectedCalls, int progressSeconds)
    implements Serializable {

  public static CallSettings of(String runId, String storeRoot) {
    return new CallSettings(runId, storeRoot, 1, 0, 0, 10);
  }

  public CallSettings withShards(int shards) {
    return new CallSettings(runId, storeRoot, shards, budgetUsd, expectedCalls, progressSeconds);
  }

  public CallSettings withBudget(double usd) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, usd, expectedCalls, progressSeconds);
  }

  public CallSettings withExpectedCalls(long n) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, budgetUsd, n, progressSeconds);
  }

  public CallSettings withProgressEvery(int seconds) {
    return new CallSettings(runId, storeRoot, shardsPerBucket, budgetUsd, expectedCalls, seconds);
  }
}
