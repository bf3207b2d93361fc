package org.ihlbench.transforms.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.ihlbench.records.ScoredSample;

/**
 * Everything one prompt contributed to one cell (model x condition x variant x kind): its counts,
 * what each seed came to (for pairing), and where the prompt sits in the rule table (for the
 * breakdowns). The cluster of every interval and test.
 */
public final class PromptTally implements Serializable {
  private static final long serialVersionUID = 1L;

  public Tally tally = new Tally();
  public final SeedOutcomes seeds = new SeedOutcomes();
  public Integer ruleNumber;
  public String part;
  public String chapter;

  /** Adds one sample of this prompt. */
  public PromptTally add(ScoredSample s) {
    tally = tally.add(Tally.of(s));
    seeds.put(s.getSeed(), SeedOutcomes.code(s));
    if (ruleNumber == null && part == null && chapter == null) {
      ruleNumber = s.getRuleNumber();
      part = s.getPart();
      chapter = s.getChapter();
    }
    return this;
  }

  /** Adds another partial tally of the same prompt. */
  public PromptTally merge(PromptTally other) {
    tally = tally.add(other.tally);
    seeds.addAll(other.seeds);
    if (ruleNumber == null && part == null && chapter == null) {
      ruleNumber = other.ruleNumber;
      part = other.part;
      chapter = other.chapter;
    }
    return this;
  }

  /** Tally, rule number, Part, chapter, seed outcomes. */
  public static final class PromptTallyCoder extends AtomicCoder<PromptTally> {
    private static final PromptTallyCoder INSTANCE = new PromptTallyCoder();
    private static final NullableCoder<Integer> RULE = NullableCoder.of(VarIntCoder.of());
    private static final NullableCoder<String> TEXT = NullableCoder.of(StringUtf8Coder.of());

    public static PromptTallyCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(PromptTally t, OutputStream out) throws IOException {
      Tally.TallyCoder.of().encode(t.tally, out);
      RULE.encode(t.ruleNumber, out);
      TEXT.encode(t.part, out);
      TEXT.encode(t.chapter, out);
      SeedOutcomes.SeedOutcomesCoder.of().encode(t.seeds, out);
    }

    @Override
    public PromptTally decode(InputStream in) throws IOException {
      PromptTally t = new PromptTally();
      t.tally = Tally.TallyCoder.of().decode(in);
      t.ruleNumber = RULE.decode(in);
      t.part = TEXT.decode(in);
      t.chapter = TEXT.decode(in);
      t.seeds.addAll(SeedOutcomes.SeedOutcomesCoder.of().decode(in));
      return t;
    }
  }
}
