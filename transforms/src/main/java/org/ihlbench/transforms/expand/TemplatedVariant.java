package org.ihlbench.transforms.expand;

import java.util.List;
import org.ihlbench.records.Prompt;
import org.ihlbench.transforms.ContentHash;

/**
 * A variant that wraps the request in one of a few fixed templates, chosen by a hash of the
 * prompt id: the same prompt always gets the same template, and a prompt set spreads over all of
 * them. The request text is inserted verbatim, never rewritten, so every rendered message can be
 * traced back to its prompt (and the simulator can recognise benign controls inside it).
 */
abstract class TemplatedVariant implements Variant {
  private static final long serialVersionUID = 1L;

  /** Where a template takes the request. */
  static final String REQUEST = "{{request}}";

  private final String name;
  private final String version;
  private final List<String> templates;

  /** A variant called {@code name}, whose {@code version} names these {@code templates}. */
  TemplatedVariant(String name, String version, List<String> templates) {
    this.name = name;
    this.version = version;
    this.templates = List.copyOf(templates);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String version() {
    return version;
  }

  /** The templates of this version, each with exactly one {@link #REQUEST}. */
  final List<String> templates() {
    return templates;
  }

  /** Index of the template {@code prompt} gets. */
  final int templateIndex(Prompt prompt) {
    String h = ContentHash.sha256Hex("variant-template", name(), prompt.getId());
    return (int) Long.remainderUnsigned(Long.parseUnsignedLong(h.substring(0, 15), 16),
        templates().size());
  }

  @Override
  public final String render(Prompt prompt) {
    String t = templates().get(templateIndex(prompt));
    int at = t.indexOf(REQUEST);
    // Concatenation, not String.format or replace: the request may contain % or $ signs.
    return t.substring(0, at) + prompt.getText() + t.substring(at + REQUEST.length());
  }
}
