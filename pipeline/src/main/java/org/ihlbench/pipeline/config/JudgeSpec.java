package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * A member of the judge panel as configured: one per entry of {@code judges.panel}, made by its
 * {@link JudgeType}. Nothing outside the types asks which type a judge is: what differs between
 * them is said here.
 */
public interface JudgeSpec {
  String name();

  /** The config's {@code type:} value. */
  String type();

  /** The panel member the Judge stage runs. */
  PanelJudge judge();

  /**
   * The model the judge calls, whose key must be set before a run starts and whose rate limits
   * the run provides for; null for a judge that calls no one.
   */
  default Endpoint endpoint() {
    return null;
  }

  /**
   * Adds to the judge's entry of the config tree that the config hash covers what its fields
   * only name (the content of a file, say), so that a change of it changes the hash.
   */
  default void hashContent(ObjectNode hashedEntry) {}

  /** The judge's entry of run.json's {@code judge_panel}, beyond its name and type. */
  void describe(ObjectNode entry);
}
