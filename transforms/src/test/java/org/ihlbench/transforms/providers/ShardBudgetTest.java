package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.ihlbench.records.CallEstimate;
import org.junit.Test;

public class ShardBudgetTest {
  private static CallEstimate cost(double usd) {
    return CallEstimate.newBuilder().setEndpoint("e").setCalls(1).setCostUsd(usd).build();
  }

  private static final Map<String, CallEstimate> PLAN =
      Map.of("b#0", cost(3.0), "b#1", cost(1.0), "c#0", cost(0.0));

  @Test
  public void sharesAreProportionalToEstimatedCostAndAddUpToTheBudget() {
    ShardBudget a = ShardBudget.of(2.0, "b#0", PLAN);
    ShardBudget b = ShardBudget.of(2.0, "b#1", PLAN);
    // b#0 holds 3/4 of the estimated cost, so 1.50 of the 2.00 budget.
    assertTrue(a.tryReserve(1.5));
    assertFalse(a.tryReserve(0.01));
    assertTrue(b.tryReserve(0.5));
    assertFalse(b.tryReserve(0.01));
  }

  @Test
  public void reservationsHoldUntilSettledAtTheirRealCost() {
    ShardBudget b = ShardBudget.of(2.0, "b#1", PLAN); // share 0.50
    assertTrue(b.tryReserve(0.2));
    assertTrue(b.tryReserve(0.2));
    assertFalse("0.4 held + 0.2 > 0.5", b.tryReserve(0.2));
    assertTrue(b.reached());
    b.settle(0.2, 0.05);
    assertFalse("once reached, no new calls even if room came back", b.tryReserve(0.01));
    assertEquals(0.05, b.spent(), 1e-12);
  }

  @Test
  public void freeCallsAlwaysFitAndNoBudgetMeansNoCap() {
    ShardBudget free = ShardBudget.of(2.0, "c#0", PLAN);
    assertTrue(free.tryReserve(0.0));
    assertTrue(free.tryReserve(0.0));
    ShardBudget none = ShardBudget.of(0, "b#0", PLAN);
    assertTrue(none.tryReserve(1e9));
    assertFalse(none.reached());
  }

  @Test
  public void withoutPricesTheWholeBudgetIsEveryShards() {
    ShardBudget b = ShardBudget.of(1.0, "x#0", Map.of("x#0", cost(0), "x#1", cost(0)));
    assertTrue(b.tryReserve(1.0));
  }

  @Test
  public void theReasonNamesTheBudgetAndTheShare() {
    ShardBudget b = ShardBudget.of(2.0, "b#1", PLAN);
    assertEquals("budget of $2.00 reached: this rate-limit shard's share ($0.5000) is spent or held"
        + " by calls in flight; call not made", b.reason());
  }
}
