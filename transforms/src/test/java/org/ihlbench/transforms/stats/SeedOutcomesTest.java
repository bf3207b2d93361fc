package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

public class SeedOutcomesTest {
  @Test
  public void putGetAndGrowPastTheInitialCapacity() {
    SeedOutcomes s = new SeedOutcomes();
    for (int seed = -5; seed < 500; seed++) {
      s.put(seed, (byte) (2 + Math.floorMod(seed, 3)));
    }
    assertEquals(505, s.size());
    for (int seed = -5; seed < 500; seed++) {
      assertEquals(2 + Math.floorMod(seed, 3), s.get(seed));
    }
    assertEquals(SeedOutcomes.ABSENT, s.get(10_000));
  }

  @Test
  public void aRepeatedSeedKeepsTheLargerCodeWhateverTheOrder() {
    SeedOutcomes a = new SeedOutcomes();
    assertEquals(true, a.put(7, SeedOutcomes.NOT_REFUSED));
    assertEquals(false, a.put(7, SeedOutcomes.EXPLAINED_REFUSAL));
    SeedOutcomes b = new SeedOutcomes();
    b.put(7, SeedOutcomes.EXPLAINED_REFUSAL);
    b.put(7, SeedOutcomes.NOT_REFUSED);
    assertEquals(a, b);
    assertEquals(1, a.size());
    assertEquals(SeedOutcomes.EXPLAINED_REFUSAL, b.get(7));
  }

  @Test
  public void mergeIsAUnion() {
    SeedOutcomes a = new SeedOutcomes();
    a.put(1, SeedOutcomes.TERSE_REFUSAL);
    a.put(2, SeedOutcomes.UNDECIDED);
    SeedOutcomes b = new SeedOutcomes();
    b.put(3, SeedOutcomes.NOT_REFUSED);
    a.addAll(b);
    assertEquals("{1=3, 2=1, 3=2}", a.toString());
  }

  @Test
  public void coderRoundTrips() throws Exception {
    Coder<SeedOutcomes> coder = SeedOutcomes.SeedOutcomesCoder.of();
    SeedOutcomes s = new SeedOutcomes();
    for (int seed = 0; seed < 40; seed += 3) {
      s.put(seed, (byte) (1 + seed % 4));
    }
    for (Coder.Context context : CoderProperties.ALL_CONTEXTS) {
      CoderProperties.coderDecodeEncodeEqualInContext(coder, context, s);
    }
    // 14 seeds: a one-byte count, then one-byte seeds and codes.
    assertEquals(1 + 14 * 2, CoderUtils.encodeToByteArray(coder, s).length);
  }
  @Test
  public void equalMapsEncodeToEqualBytesWhateverTheOrderOfInsertion() throws Exception {
    Coder<SeedOutcomes> coder = SeedOutcomes.SeedOutcomesCoder.of();
    SeedOutcomes up = new SeedOutcomes();
    SeedOutcomes down = new SeedOutcomes();
    for (int seed = -20; seed < 60; seed++) {
      up.put(seed, (byte) (1 + Math.floorMod(seed, 4)));
      down.put(39 - seed, (byte) (1 + Math.floorMod(39 - seed, 4)));
    }
    assertEquals(up, down);
    byte[] bytes = CoderUtils.encodeToByteArray(coder, up);
    assertArrayEquals(bytes, CoderUtils.encodeToByteArray(coder, down));
    assertArrayEquals(bytes, CoderUtils.encodeToByteArray(coder, CoderUtils.clone(coder, down)));
    CoderProperties.coderDeterministic(coder, up, down);
    assertEquals(down, CoderUtils.clone(coder, up));
  }
}
