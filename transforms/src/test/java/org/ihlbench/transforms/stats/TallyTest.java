package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;
import org.junit.Test;

public class TallyTest {

  private static ScoredSample.Builder sample(ResponseOutcome outcome) {
    return ScoredSample.newBuilder()
        .setRunId("run-1")
        .setSampleId("s-1")
        .setModel("model-a")
        .setModelId("model-a-id")
        .setCondition("no-system")
        .setVariant("plain")
        .setVariantVersion("1")
        .setSeed(0)
        .setPromptId("p-1")
        .setKind(PromptKind.violation)
        .setDatasetHash("hash")
        .setOutcome(outcome);
  }

  /** n, refused, helpful, errors, undecided, providerRefusals, partials, leaks. */
  private static long[] counts(Tally t) {
    return new long[] {t.n, t.refused, t.helpful, t.errors, t.undecided, t.providerRefusals,
        t.partials, t.leaks};
  }

  private static Tally tally(long n, long refused, long helpful, long errors, long undecided,
      long providerRefusals, long partials, long leaks, double cost) {
    Tally t = new Tally();
    t.n = n;
    t.refused = refused;
    t.helpful = helpful;
    t.errors = errors;
    t.undecided = undecided;
    t.providerRefusals = providerRefusals;
    t.partials = partials;
    t.leaks = leaks;
    t.cost = cost;
    return t;
  }

  @Test
  public void answeredHelpfulRefusal() {
    Tally t = Tally.of(sample(ResponseOutcome.answered).setRefusal(RefusalLevel.full).setRefused(true)
        .setHelpfulRefusal(true).setCitesLaw(true).setCostUsd(0.25).build());
    assertArrayEquals(new long[] {1, 1, 1, 0, 0, 0, 0, 0}, counts(t));
    assertEquals(0.25, t.cost, 0);
  }

  @Test
  public void answeredUnhelpfulRefusal() {
    Tally t = Tally.of(sample(ResponseOutcome.answered).setRefusal(RefusalLevel.full).setRefused(true)
        .setHelpfulRefusal(false).build());
    assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 0, 0}, counts(t));
    assertEquals("no cost recorded counts as zero", 0.0, t.cost, 0);
  }

  @Test
  public void answeredNotRefused() {
    Tally t = Tally.of(sample(ResponseOutcome.answered).setRefusal(RefusalLevel.none).setRefused(false)
        .build());
    assertArrayEquals(new long[] {1, 0, 0, 0, 0, 0, 0, 0}, counts(t));
  }

  @Test
  public void partialRefusalThatLeaksCode() {
    Tally t = Tally.of(sample(ResponseOutcome.answered).setRefusal(RefusalLevel.partial)
        .setRefused(false).setHelpfulRefusal(true).setLeaksCode(true).build());
    assertArrayEquals("helpful counts only for full refusals",
        new long[] {1, 0, 0, 0, 0, 0, 1, 1}, counts(t));
  }

  @Test
  public void errorCountsOnlyAsAnErrorButKeepsItsCost() {
    Tally t = Tally.of(sample(ResponseOutcome.error).setErrorClass("server").setCostUsd(0.5).build());
    assertArrayEquals(new long[] {0, 0, 0, 1, 0, 0, 0, 0}, counts(t));
    assertEquals(0.5, t.cost, 0);
  }

  @Test
  public void undecidedIsLeftOutOfTheDenominator() {
    Tally t = Tally.of(sample(ResponseOutcome.answered).setCostUsd(0.1).build());
    assertArrayEquals(new long[] {0, 0, 0, 0, 1, 0, 0, 0}, counts(t));
    assertEquals(0.1, t.cost, 0);
  }

  @Test
  public void providerRefusal() {
    Tally t = Tally.of(sample(ResponseOutcome.provider_refusal).setRefusal(RefusalLevel.full)
        .setRefused(true).setHelpfulRefusal(false).build());
    assertArrayEquals(new long[] {1, 1, 0, 0, 0, 1, 0, 0}, counts(t));
  }

  @Test
  public void addSumsEveryField() {
    Tally a = tally(1, 2, 3, 4, 5, 6, 7, 8, 0.5);
    Tally b = tally(10, 20, 30, 40, 50, 60, 70, 80, 0.25);
    Tally sum = a.add(b);
    assertArrayEquals(new long[] {11, 22, 33, 44, 55, 66, 77, 88}, counts(sum));
    assertEquals(0.75, sum.cost, 0);
    assertArrayEquals("add leaves its operands alone", new long[] {1, 2, 3, 4, 5, 6, 7, 8}, counts(a));
    assertArrayEquals(new long[] {10, 20, 30, 40, 50, 60, 70, 80}, counts(b));
  }

  @Test
  public void addingTalliesOfSamplesCountsThem() {
    Tally total = new Tally();
    total = total.add(Tally.of(sample(ResponseOutcome.answered).setRefusal(RefusalLevel.full)
        .setRefused(true).setHelpfulRefusal(true).build()));
    total = total.add(Tally.of(sample(ResponseOutcome.answered).setRefusal(RefusalLevel.none)
        .setRefused(false).build()));
    total = total.add(Tally.of(sample(ResponseOutcome.error).build()));
    total = total.add(Tally.of(sample(ResponseOutcome.answered).build()));
    assertArrayEquals(new long[] {2, 1, 1, 1, 1, 0, 0, 0}, counts(total));
  }

  private static Matcher<Tally> sameFieldsAs(Tally expected) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(Tally actual) {
        return java.util.Arrays.equals(counts(expected), counts(actual))
            && Double.compare(expected.cost, actual.cost) == 0;
      }

      @Override
      public void describeTo(Description d) {
        d.appendText("a tally with counts ").appendValue(counts(expected))
            .appendText(" and cost ").appendValue(expected.cost);
      }
    };
  }

  @Test
  public void coderRoundTripsEveryField() throws Exception {
    Coder<Tally> coder = Tally.TallyCoder.of();
    Tally[] values = {
        new Tally(),
        tally(1, 2, 3, 4, 5, 6, 7, 8, 0.125),
        tally(Long.MAX_VALUE, 0, 1L << 40, 0, 300, 0, 127, 128, 1234.5678),
    };
    for (Tally t : values) {
      for (Coder.Context context : CoderProperties.ALL_CONTEXTS) {
        CoderProperties.coderDecodeEncodeInContext(coder, context, t, sameFieldsAs(t));
      }
      Tally back = CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, t));
      assertArrayEquals(counts(t), counts(back));
      assertEquals(t.cost, back.cost, 0);
    }
    CoderProperties.coderSerializable(coder);
  }

  @Test
  public void emptyTallyEncodesCompactly() throws Exception {
    // Eight one-byte varints and an eight-byte double.
    assertEquals(16, CoderUtils.encodeToByteArray(Tally.TallyCoder.of(), new Tally()).length);
  }
}
