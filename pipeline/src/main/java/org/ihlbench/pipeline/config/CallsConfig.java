package org.ihlbench.pipeline.config;

import java.util.Set;

/**
 * The {@code calls} section: rate-limit shards per bucket, and the budgets of the models' and
 * the LLM judges' calls (0: none).
 */
public record CallsConfig(int shardsPerBucket, double budgetUsd, double judgeBudgetUsd) {

  static CallsConfig parse(ConfigNode calls) {
    calls.allowOnly(Set.of("shards_per_bucket", "budget_usd", "judge_budget_usd"));
    return new CallsConfig(calls.get("shards_per_bucket").integer(1, 1),
        calls.get("budget_usd").number(0, 0), calls.get("judge_budget_usd").number(0, 0));
  }
}
