package org.ihlbench.transforms.judges;

import java.io.Serializable;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.Transcript;

/**
 * One member of the judge panel. It looks at every transcript that has an answer (errors have
 * nothing to judge) and gives one verdict each, keyed by sample id; it may abstain, but it may not
 * drop a transcript.
 */
public interface PanelJudge extends Serializable {
  String name();

  /** This judge's verdicts, asked on its own (see {@link #kind} for how a panel asks it). */
  PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts();

  /** The judges it is asked together with, and how; by default it is asked alone. */
  default JudgeKind kind() {
    return JudgeKind.ALONE;
  }

  /** Whether a transcript has an answer a judge can read. */
  static boolean judgeable(Transcript t) {
    return t.getResponse().getOutcome() != org.ihlbench.records.ResponseOutcome.error;
  }
}
