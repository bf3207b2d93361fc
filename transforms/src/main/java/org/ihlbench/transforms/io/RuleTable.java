package org.ihlbench.transforms.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 161 rules of the ICRC study of customary IHL (rule number, Part, chapter, title), bundled
 * from {@code icrc_rules.tsv} so that prompts can be validated and enriched without a download.
 */
public final class RuleTable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One rule of the table. */
  public record Rule(int number, String part, String chapter, String title) implements Serializable {}

  private static volatile RuleTable icrc;

  private final Map<Integer, Rule> rules;

  private RuleTable(Map<Integer, Rule> rules) {
    this.rules = Collections.unmodifiableMap(rules);
  }

  /** The bundled ICRC table, loaded once per JVM. */
  public static RuleTable icrc() {
    RuleTable t = icrc;
    if (t == null) {
      synchronized (RuleTable.class) {
        if (icrc == null) {
          icrc = load();
        }
        t = icrc;
      }
    }
    return t;
  }

  private static RuleTable load() {
    try (InputStream in = RuleTable.class.getResourceAsStream("icrc_rules.tsv")) {
      if (in == null) {
        throw new IllegalStateException("icrc_rules.tsv is missing from the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<Integer, Rule> rules = new TreeMap<>();
      String header = r.readLine();
      if (header == null || !header.startsWith("rule_number\tpart\tchapter\ttitle")) {
        throw new IllegalStateException("icrc_rules.tsv has an unexpected header: " + header);
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        rules.put(Integer.parseInt(f[0]), new Rule(Integer.parseInt(f[0]), f[1], f[2], f[3]));
      }
      return new RuleTable(rules);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Rule get(int number) {
    return rules.get(number);
  }

  public boolean contains(int number) {
    return rules.containsKey(number);
  }

  public int size() {
    return rules.size();
  }

  public Iterable<Rule> all() {
    return rules.values();
  }
}
