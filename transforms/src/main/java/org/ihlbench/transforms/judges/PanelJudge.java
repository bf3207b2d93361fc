package org.ihlbench.transforms.judges;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * One member of the judge panel. It looks at every transcript that has an answer (errors have
 * nothing to judge) and gives one verdict each, keyed by sample id; it may abstain, but it may not
 * drop a transcript.
 */
public interface PanelJudge extends Serializable {
  String name();

  /** Its {@link JudgeType}'s name, the config's {@code type:}. */
  String type();

  /**
   * The model it calls, whose key must be set before a run starts and whose rate limits the run
   * provides for; null for a judge that calls no one.
   */
  default Endpoint endpoint() {
    return null;
  }

  /**
   * Adds to its entry of the config tree that the config hash covers what the entry only names
   * (the content of a file, say), so that a change of it changes the hash.
   */
  default void hashContent(ObjectNode hashedEntry) {}

  /** Its entry of run.json's {@code judge_panel}, beyond its name and type. */
  void describe(ObjectNode entry);

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
