package org.ihlbench.transforms.providers;

import java.util.Locale;
import java.util.Map;
import org.ihlbench.records.CallEstimate;

/**
 * One rate-limit shard's share of the run's budget. Shards are dispatched independently, on
 * whichever workers the runner picks, so instead of sharing a counter each shard gets
 * {@code budget * (its estimated cost) / (estimated cost of all calls)} before any call is made.
 * The shares add up to the budget, so the spend of all shards together stays within it.
 *
 * <p>A call starts only when what the shard has spent, plus the estimate of its calls in flight,
 * plus this call's estimate, fits in the share; the estimate counts the completion at its token
 * budget, so it is an upper bound unless the prompt is longer in tokens than its estimate. When
 * it does not fit only because of calls in flight, the call waits for them to settle at their
 * real (usually lower) cost. When it does not fit even with nothing in flight, the budget is
 * reached: the shard makes no new calls, and the rest are recorded as budget errors.
 *
 * <p>Not thread-safe: one dispatch loop owns it.
 */
final class ShardBudget {
  private final double budgetUsd;
  private final double share;
  private double spent;
  private double reserved;
  private boolean reached;

  private ShardBudget(double budgetUsd, double share) {
    this.budgetUsd = budgetUsd;
    this.share = share;
  }

  /** No cap: every call may start. */
  static ShardBudget unlimited() {
    return new ShardBudget(0, Double.POSITIVE_INFINITY);
  }

  /**
   * The share of {@code shard} in {@code plan} (estimates by shard key). With no estimated cost
   * at all (no prices), calls cost nothing and every call fits.
   */
  static ShardBudget of(double budgetUsd, String shard, Map<String, CallEstimate> plan) {
    if (budgetUsd <= 0) {
      return unlimited();
    }
    double total = 0;
    for (CallEstimate e : plan.values()) {
      total += e.getCostUsd();
    }
    CallEstimate mine = plan.get(shard);
    double own = mine == null ? 0 : mine.getCostUsd();
    return new ShardBudget(budgetUsd, total <= 0 ? budgetUsd : budgetUsd * own / total);
  }

  /** What {@link #tryReserve} decided. */
  enum Decision { START, WAIT, REACHED }

  /**
   * Reserves {@code estimateUsd} for a new call if it fits (START); WAIT when it would fit once
   * the calls in flight have settled; REACHED when it cannot fit (and from then on, none will).
   */
  Decision tryReserve(double estimateUsd) {
    double limit = share * (1 + 1e-9);
    if (!reached && spent + reserved + estimateUsd <= limit) {
      reserved += estimateUsd;
      return Decision.START;
    }
    if (!reached && reserved > 0 && spent + estimateUsd <= limit) {
      return Decision.WAIT;
    }
    reached = true;
    return Decision.REACHED;
  }

  /** A call ended: its reservation is released and what it really cost is spent. */
  void settle(double estimateUsd, double actualUsd) {
    reserved = Math.max(0, reserved - estimateUsd);
    spent += actualUsd;
  }

  boolean reached() {
    return reached;
  }

  double spent() {
    return spent;
  }

  String reason() {
    return String.format(Locale.ROOT, "budget of $%.2f reached: this rate-limit shard's share"
        + " ($%.4f) is spent or held by calls in flight; call not made", budgetUsd, share);
  }
}
