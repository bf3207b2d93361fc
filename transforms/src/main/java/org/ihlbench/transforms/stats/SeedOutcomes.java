package org.ihlbench.transforms.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;

/**
 * What each seed of one prompt in one cell came to, one byte per seed: the unit that paired
 * comparisons match across conditions and variants, and from which the prompt's counts are
 * derived. A small open-addressing map from seed to outcome, so ten million samples cost a few
 * bytes each rather than boxed map entries or per-sample records.
 *
 * <p>The low three bits of a code are the outcome ({@link #UNDECIDED} .. {@link
 * #EXPLAINED_REFUSAL}, see {@link #outcome}); the higher bits flag a call error, a provider-side
 * refusal, a partial refusal and leaked code, which the summary counts.
 */
public final class SeedOutcomes implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No sample for this seed. */
  public static final byte ABSENT = 0;
  /** A call error, or an answer no judge could decide: left out of pairs. */
  public static final byte UNDECIDED = 1;
  public static final byte NOT_REFUSED = 2;
  public static final byte TERSE_REFUSAL = 3;
  public static final byte EXPLAINED_REFUSAL = 4;
  static final int OUTCOME_MASK = 0x07;
  static final int ERROR = 0x08;
  static final int PROVIDER_REFUSAL = 0x10;
  static final int PARTIAL = 0x20;
  static final int LEAKS_CODE = 0x40;

  private int[] seeds = new int[4];
  private byte[] codes = new byte[4];
  private int size;

  /** The code of a scored sample: outcome and flags, as {@link Tally#of} counts them. */
  public static byte code(ScoredSample s) {
    if (s.getOutcome() == ResponseOutcome.error) {
      return (byte) (UNDECIDED | ERROR);
    }
    int flags = s.getOutcome() == ResponseOutcome.provider_refusal ? PROVIDER_REFUSAL : 0;
    if (s.getRefused() == null) {
      return (byte) (UNDECIDED | flags);
    }
    flags |= s.getRefusal() == RefusalLevel.partial ? PARTIAL : 0;
    flags |= Boolean.TRUE.equals(s.getLeaksCode()) ? LEAKS_CODE : 0;
    if (!s.getRefused()) {
      return (byte) (NOT_REFUSED | flags);
    }
    return (byte) ((Boolean.TRUE.equals(s.getHelpfulRefusal()) ? EXPLAINED_REFUSAL : TERSE_REFUSAL)
        | flags);
  }

  /** The outcome part of a code: ABSENT, UNDECIDED, NOT_REFUSED, TERSE_ or EXPLAINED_REFUSAL. */
  public static int outcome(byte code) {
    return code & OUTCOME_MASK;
  }

  /** Adds one sample's code to a tally, exactly as {@link Tally#of} would (without cost). */
  static void count(byte code, Tally t) {
    int o = outcome(code);
    if ((code & ERROR) != 0) {
      t.errors++;
      return;
    }
    t.providerRefusals += (code & PROVIDER_REFUSAL) != 0 ? 1 : 0;
    if (o == UNDECIDED) {
      t.undecided++;
      return;
    }
    t.n++;
    t.refused += o >= TERSE_REFUSAL ? 1 : 0;
    t.helpful += o == EXPLAINED_REFUSAL ? 1 : 0;
    t.partials += (code & PARTIAL) != 0 ? 1 : 0;
    t.leaks += (code & LEAKS_CODE) != 0 ? 1 : 0;
  }

  public int size() {
    return size;
  }

  /**
   * Records {@code code} for {@code seed}; false when the seed was already there (a sample seen
   * twice), in which case the larger code is kept, so the result does not depend on order.
   */
  public boolean put(int seed, byte code) {
    if (code == ABSENT) {
      throw new IllegalArgumentException("no outcome to record for seed " + seed);
    }
    if ((size + 1) * 4 > codes.length * 3) {
      grow();
    }
    int i = slot(seeds, codes, seed);
    if (codes[i] == ABSENT) {
      seeds[i] = seed;
      codes[i] = code;
      size++;
      return true;
    }
    if (code > codes[i]) {
      codes[i] = code;
    }
    return false;
  }

  /** Adds every seed's code to a tally. */
  void countInto(Tally t) {
    for (byte c : codes) {
      if (c != ABSENT) {
        count(c, t);
      }
    }
  }

  public byte get(int seed) {
    return codes[slot(seeds, codes, seed)];
  }

  /**
   * Adds the other's seeds; returns the codes of seeds both had (those samples were seen twice),
   * whichever of the pair was not kept, so the caller can still count them.
   */
  public byte[] addAll(SeedOutcomes other) {
    byte[] repeated = null;
    int r = 0;
    for (int i = 0; i < other.codes.length; i++) {
      if (other.codes[i] != ABSENT) {
        byte before = get(other.seeds[i]);
        if (!put(other.seeds[i], other.codes[i])) {
          if (repeated == null) {
            repeated = new byte[4];
          } else if (r == repeated.length) {
            repeated = Arrays.copyOf(repeated, r * 2);
          }
          // The smaller of the two codes was not kept.
          repeated[r++] = (byte) Math.min(before, other.codes[i]);
        }
      }
    }
    return repeated == null ? new byte[0] : Arrays.copyOf(repeated, r);
  }

  /** Calls {@code visitor} for every seed present, in no particular order. */
  public void forEach(SeedVisitor visitor) {
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] != ABSENT) {
        visitor.visit(seeds[i], codes[i]);
      }
    }
  }

  /** Receives one seed and its outcome code. */
  @FunctionalInterface
  public interface SeedVisitor {
    void visit(int seed, byte code);
  }

  private static int slot(int[] seeds, byte[] codes, int seed) {
    int mask = codes.length - 1;
    int i = mix(seed) & mask;
    while (codes[i] != ABSENT && seeds[i] != seed) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private static int mix(int x) {
    int h = x * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void grow() {
    int[] oldSeeds = seeds;
    byte[] oldCodes = codes;
    seeds = new int[oldCodes.length * 2];
    codes = new byte[oldCodes.length * 2];
    for (int i = 0; i < oldCodes.length; i++) {
      if (oldCodes[i] != ABSENT) {
        int j = slot(seeds, codes, oldSeeds[i]);
        seeds[j] = oldSeeds[i];
        codes[j] = oldCodes[i];
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SeedOutcomes other) || other.size != size) {
      return false;
    }
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] != ABSENT && other.get(seeds[i]) != codes[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] != ABSENT) {
        h += mix(seeds[i]) * 31 + codes[i];
      }
    }
    return h;
  }

  @Override
  public String toString() {
    int[][] pairs = new int[size][];
    int[] n = {0};
    forEach((seed, code) -> pairs[n[0]++] = new int[] {seed, code});
    Arrays.sort(pairs, (a, b) -> Integer.compare(a[0], b[0]));
    StringBuilder sb = new StringBuilder("{");
    for (int[] p : pairs) {
      sb.append(sb.length() > 1 ? ", " : "").append(p[0]).append('=').append(p[1]);
    }
    return sb.append('}').toString();
  }

  /** Appends count, then (seed, code) pairs in seed order (equal maps, equal bytes). */
  void packInto(Packed.Writer w) {
    w.writeVarInt(size);
    for (long p : sortedPairs()) {
      w.writeVarInt(seedOf(p));
      w.writeByte(codeOf(p));
    }
  }

  /**
   * The (seed, code) pairs in seed order, each as one long: the seed (sign and all) above the
   * code's eight bits, so sorting the longs sorts by seed. The slots' order depends on the order
   * of insertion and on the table's size; this does not.
   */
  private long[] sortedPairs() {
    long[] pairs = new long[size];
    int k = 0;
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] != ABSENT) {
        pairs[k++] = ((long) seeds[i] << 8) | (codes[i] & 0xFF);
      }
    }
    Arrays.sort(pairs);
    return pairs;
  }

  private static int seedOf(long pair) {
    return (int) (pair >> 8);
  }

  private static byte codeOf(long pair) {
    return (byte) pair;
  }

  /** Reads what {@link #packInto} wrote into this (empty) map. */
  void unpackFrom(Packed.Reader r) throws IOException {
    int n = r.readVarInt();
    while (n * 4 > codes.length * 3) {
      grow();
    }
    for (int i = 0; i < n; i++) {
      int seed = r.readVarInt();
      put(seed, (byte) r.readByte());
    }
  }

  /** Count, then (seed, code) pairs in seed order, as {@link #packInto} writes them. */
  public static final class SeedOutcomesCoder extends AtomicCoder<SeedOutcomes> {
    private static final SeedOutcomesCoder INSTANCE = new SeedOutcomesCoder();

    public static SeedOutcomesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SeedOutcomes s, OutputStream out) throws IOException {
      VarIntCoder.of().encode(s.size, out);
      for (long p : s.sortedPairs()) {
        VarIntCoder.of().encode(seedOf(p), out);
        out.write(codeOf(p));
      }
    }

    @Override
    public SeedOutcomes decode(InputStream in) throws IOException {
      SeedOutcomes s = new SeedOutcomes();
      int n = VarIntCoder.of().decode(in);
      for (int i = 0; i < n; i++) {
        int seed = VarIntCoder.of().decode(in);
        int code = in.read();
        if (code < 0) {
          throw new IOException("seed outcomes end early");
        }
        s.put(seed, (byte) code);
      }
      return s;
    }
  }
}
