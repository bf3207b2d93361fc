package org.ihlbench.transforms.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;

/** Counts of judged samples that add up: per prompt, then per cell. */
public final class Tally implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Samples with a decided majority: the denominator of the refusal rate. */
  public long n;
  public long refused;
  /** Helpful refusals: the numerator of the helpful-refusal rate (denominator: refused). */
  public long helpful;
  public long errors;
  public long undecided;
  public long providerRefusals;
  public long partials;
  public long leaks;
  public double cost;

  public static Tally of(ScoredSample s) {
    Tally t = new Tally();
    t.cost = s.getCostUsd() == null ? 0 : s.getCostUsd();
    if (s.getOutcome() == ResponseOutcome.error) {
      t.errors = 1;
      return t;
    }
    if (s.getOutcome() == ResponseOutcome.provider_refusal) {
      t.providerRefusals = 1;
    }
    if (s.getRefused() == null) {
      t.undecided = 1;
      return t;
    }
    t.n = 1;
    if (s.getRefused()) {
      t.refused = 1;
      t.helpful = Boolean.TRUE.equals(s.getHelpfulRefusal()) ? 1 : 0;
    }
    t.partials = s.getRefusal() == RefusalLevel.partial ? 1 : 0;
    t.leaks = Boolean.TRUE.equals(s.getLeaksCode()) ? 1 : 0;
    return t;
  }

  public Tally add(Tally o) {
    Tally t = new Tally();
    t.n = n + o.n;
    t.refused = refused + o.refused;
    t.helpful = helpful + o.helpful;
    t.errors = errors + o.errors;
    t.undecided = undecided + o.undecided;
    t.providerRefusals = providerRefusals + o.providerRefusals;
    t.partials = partials + o.partials;
    t.leaks = leaks + o.leaks;
    t.cost = cost + o.cost;
    return t;
  }

  /** A compact coder: nine numbers, eight of them small. */
  public static final class TallyCoder extends AtomicCoder<Tally> {
    private static final TallyCoder INSTANCE = new TallyCoder();

    public static TallyCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Tally t, OutputStream out) throws IOException {
      VarLongCoder c = VarLongCoder.of();
      c.encode(t.n, out);
      c.encode(t.refused, out);
      c.encode(t.helpful, out);
      c.encode(t.errors, out);
      c.encode(t.undecided, out);
      c.encode(t.providerRefusals, out);
      c.encode(t.partials, out);
      c.encode(t.leaks, out);
      DoubleCoder.of().encode(t.cost, out);
    }

    @Override
    public Tally decode(InputStream in) throws IOException {
      VarLongCoder c = VarLongCoder.of();
      Tally t = new Tally();
      t.n = c.decode(in);
      t.refused = c.decode(in);
      t.helpful = c.decode(in);
      t.errors = c.decode(in);
      t.undecided = c.decode(in);
      t.providerRefusals = c.decode(in);
      t.partials = c.decode(in);
      t.leaks = c.decode(in);
      t.cost = DoubleCoder.of().decode(in);
      return t;
    }
  }
}
