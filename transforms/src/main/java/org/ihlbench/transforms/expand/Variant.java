package org.ihlbench.transforms.expand;

import java.io.Serializable;
import org.ihlbench.records.Prompt;

/**
 * A deterministic, versioned transformation of a prompt into the user message sent to a model.
 * Bump {@link #version()} whenever {@link #render} changes, so stored results stay comparable.
 */
public interface Variant extends Serializable {
  String name();

  String version();

  String render(Prompt prompt);
}
