package org.ihlbench.pipeline.config;

import java.util.Set;
import org.ihlbench.transforms.providers.BatchSettings;

/**
 * The {@code calls} section: rate-limit shards per bucket, the budgets of the models' and the
 * LLM judges' calls (0: none), and how batched calls are made ({@code calls.batch}; which
 * endpoints are batched is each model's and judge's own {@code calls.mode}).
 *
 * <pre>
 * calls:
 *   batch:
 *     resubmits: 1              # errored or expired requests are submitted again this often
 *     max_requests: 50000       # per batch, below the provider's cap (default: the cap)
 *     max_mb: 200               # per batch, below the provider's cap (default: the cap)
 *     poll_seconds: 5           # the first wait before a batch is polled; then 1.5x longer
 *     max_poll_seconds: 300     # each time, up to this
 * </pre>
 */
public record CallsConfig(int shardsPerBucket, double budgetUsd, double judgeBudgetUsd,
    BatchSettings batch) {

  static CallsConfig parse(ConfigNode calls) {
    calls.allowOnly(Set.of("shards_per_bucket", "budget_usd", "judge_budget_usd", "batch"));
    ConfigNode b = calls.get("batch").allowOnly(Set.of("resubmits", "max_requests", "max_mb",
        "poll_seconds", "max_poll_seconds"));
    BatchSettings d = BatchSettings.DEFAULT;
    double first = b.get("poll_seconds").number(d.firstPollMillis() / 1000.0, 0.01);
    double max = b.get("max_poll_seconds").number(Math.max(first, d.maxPollMillis() / 1000.0),
        first);
    BatchSettings batch = new BatchSettings(b.get("resubmits").integer(d.resubmits(), 0),
        b.get("max_requests").integer(0, 1),
        (long) (b.get("max_mb").number(0, 0) * 1024 * 1024),
        (long) (first * 1000), (long) (max * 1000), false);
    return new CallsConfig(calls.get("shards_per_bucket").integer(1, 1),
        calls.get("budget_usd").number(0, 0), calls.get("judge_budget_usd").number(0, 0), batch);
  }
}
