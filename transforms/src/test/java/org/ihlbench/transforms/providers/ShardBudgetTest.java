package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ihlbench.transforms.providers.ShardBudget.Decision.REACHED;
import static org.ihlbench.transforms.providers.ShardBudget.Decision.START;
import static org.ihlbench.transforms.providers.ShardBudget.Decision.WAIT;

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
    assertEquals(START, a.tryReserve(1.5));
    assertEquals("fits once the call in flight is settled", WAIT, a.tryReserve(0.01));
    assertEquals(START, b.tryReserve(0.5));
    assertEquals(WAIT, b.tryReserve(0.01));
    b.settle(0.5, 0.5);
    assertEquals("no room even with nothing in flight", REACHED, b.tryReserve(0.01));
  }

  @Test
  public void reservationsHoldUntilSettledAtTheirRealCost() {
    ShardBudget b = ShardBudget.of(2.0, "b#1", PLAN); // share 0.50
    assertEquals(START, b.tryReserve(0.2));
    assertEquals(START, b.tryReserve(0.2));
    assertEquals("0.4 held + 0.2 > 0.5: wait", WAIT, b.tryReserve(0.2));
    b.settle(0.2, 0.05);
    assertEquals("0.05 spent + 0.2 held + 0.2 fits", START, b.tryReserve(0.2));
    b.settle(0.2, 0.2);
    b.settle(0.2, 0.2);
    assertEquals(0.45, b.spent(), 1e-12);
    assertEquals("0.45 + 0.1 > 0.5 with nothing held", REACHED, b.tryReserve(0.1));
    assertTrue(b.reached());
    assertEquals("once reached, no new calls even if one would fit", REACHED, b.tryReserve(0.01));
  }

  @Test
  public void freeCallsAlwaysFitAndNoBudgetMeansNoCap() {
    ShardBudget free = ShardBudget.of(2.0, "c#0", PLAN);
    assertEquals(START, free.tryReserve(0.0));
    assertEquals(START, free.tryReserve(0.0));
    ShardBudget none = ShardBudget.of(0, "b#0", PLAN);
    assertEquals(START, none.tryReserve(1e9));
    assertTrue(!none.reached());
  }

  @Test
  public void withoutPricesTheWholeBudgetIsEveryShards() {
    ShardBudget b = ShardBudget.of(1.0, "x#0", Map.of("x#0", cost(0), "x#1", cost(0)));
    assertEquals(START, b.tryReserve(1.0));
  }

  @Test
  public void theReasonNamesTheBudgetAndTheShare() {
    ShardBudget b = ShardBudget.of(2.0, "b#1", PLAN);
    assertEquals("budget of $2.00 reached: this rate-limit shard's share ($0.5000) is spent or held"
        + " by calls in flight; call not made", b.reason());
  }
}
