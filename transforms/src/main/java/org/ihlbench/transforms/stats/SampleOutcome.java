package org.ihlbench.transforms.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.ihlbench.records.ScoredSample;

/**
 * What the one pass needs of a judged sample: its cell, prompt, seed, outcome code and spend, and
 * where the prompt sits in the rule table. A few dozen bytes instead of the whole record (with
 * its answer text), for runners that serialize a combine's input before combining (Flink sorts it).
 */
public record SampleOutcome(String cell, String promptId, int seed, byte code, double cost,
    Integer ruleNumber, String part, String chapter) implements Serializable {

  public static SampleOutcome of(ScoredSample s) {
    return new SampleOutcome(Cell.keyOf(s), s.getPromptId(), s.getSeed(), SeedOutcomes.code(s),
        s.getCostUsd() == null ? 0 : s.getCostUsd(), s.getRuleNumber(), s.getPart(),
        s.getChapter());
  }

  /** Strings, then the seed, code and cost. */
  public static final class SampleOutcomeCoder extends AtomicCoder<SampleOutcome> {
    private static final SampleOutcomeCoder INSTANCE = new SampleOutcomeCoder();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();
    private static final NullableCoder<String> MAYBE_TEXT = NullableCoder.of(TEXT);
    private static final NullableCoder<Integer> MAYBE_INT = NullableCoder.of(VarIntCoder.of());

    public static SampleOutcomeCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SampleOutcome s, OutputStream out) throws IOException {
      TEXT.encode(s.cell(), out);
      TEXT.encode(s.promptId(), out);
      VarIntCoder.of().encode(s.seed(), out);
      out.write(s.code());
      DoubleCoder.of().encode(s.cost(), out);
      MAYBE_INT.encode(s.ruleNumber(), out);
      MAYBE_TEXT.encode(s.part(), out);
      MAYBE_TEXT.encode(s.chapter(), out);
    }

    @Override
    public SampleOutcome decode(InputStream in) throws IOException {
      String cell = TEXT.decode(in);
      String prompt = TEXT.decode(in);
      int seed = VarIntCoder.of().decode(in);
      int code = in.read();
      if (code < 0) {
        throw new IOException("sample outcome ends early");
      }
      return new SampleOutcome(cell, prompt, seed, (byte) code, DoubleCoder.of().decode(in),
          MAYBE_INT.decode(in), MAYBE_TEXT.decode(in), MAYBE_TEXT.decode(in));
    }
  }
}
