package org.ihlbench.pipeline.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.ihlbench.transforms.providers.BatchSettings;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.ratelimit.RateLimitHeaders;

/**
 * The {@code calls} section: rate-limit shards per bucket, the budgets of the models' and the
 * LLM judges' calls (0: none), how long a shard waits on nothing but 429s before it gives up
 * ({@code rate_limit_patience}), and how batched calls are made ({@code calls.batch}; which
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
    long rateLimitPatienceSeconds, BatchSettings batch) {

  /**
   * The budget of a command that calls only judges (rejudge, judge-eval): judge_budget_usd when
   * set, else budget_usd, so an experiment's config can be reused as is. A budget needs every
   * LLM judge to cap its completions.
   */
  double judgesOnlyBudget(ConfigNode calls, PanelConfig panel, ConfigNode judges) {
    boolean judgeBudget = calls.get("judge_budget_usd").present();
    double budget = judgeBudget ? judgeBudgetUsd : budgetUsd;
    if (budget > 0) {
      panel.requireCompletionCaps(judges,
          judgeBudget ? "calls.judge_budget_usd" : "calls.budget_usd");
    }
    return budget;
  }

  static CallsConfig parse(ConfigNode calls) {
    calls.allowOnly(Set.of("shards_per_bucket", "budget_usd", "judge_budget_usd",
        "rate_limit_patience", "batch"));
    return new CallsConfig(calls.get("shards_per_bucket").integer(1, 1),
        calls.get("budget_usd").number(0, 0), calls.get("judge_budget_usd").number(0, 0),
        patienceSeconds(calls.get("rate_limit_patience")), batch(calls.get("batch")));
  }

  /** {@code calls.batch}: how batched calls are made; the defaults when absent. */
  static BatchSettings batch(ConfigNode b) {
    b.allowOnly(Set.of("resubmits", "max_requests", "max_mb", "poll_seconds",
        "max_poll_seconds"));
    BatchSettings d = BatchSettings.DEFAULT;
    double first = b.get("poll_seconds").number(d.firstPollMillis() / 1000.0, 0.01);
    double max = b.get("max_poll_seconds").number(Math.max(first, d.maxPollMillis() / 1000.0),
        first);
    return new BatchSettings(b.get("resubmits").integer(d.resubmits(), 0),
        b.get("max_requests").integer(0, 1),
        (long) (b.get("max_mb").number(0, 0) * 1024 * 1024),
        (long) (first * 1000), (long) (max * 1000), false);
  }

  /**
   * {@code calls.rate_limit_patience}: a duration ({@code 30m}, {@code 2h}, {@code 90s}, as the
   * providers' reset headers write them) or a number of seconds; half an hour when absent.
   */
  static long patienceSeconds(ConfigNode node) {
    if (!node.present()) {
      return CallSettings.DEFAULT_PATIENCE_SECONDS;
    }
    Optional<Duration> d = node.node().isNumber()
        ? Optional.of(Duration.ofMillis((long) (node.node().asDouble() * 1000)))
        : node.node().isTextual() ? RateLimitHeaders.goDuration(node.node().asText().trim())
        : Optional.empty();
    if (d.isEmpty() || d.get().getSeconds() < 1) {
      throw node.error("must be a duration of at least a second, such as 30m, 2h or 90s (or a"
          + " number of seconds)");
    }
    return d.get().getSeconds();
  }
}
