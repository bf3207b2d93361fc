package org.ihlbench.simulator;

/** The simulator's token count: about four characters a token, as in English BPE vocabularies. */
final class Tokens {
  private Tokens() {}

  static int estimate(int chars) {
    return Math.max(1, (chars + 3) / 4);
  }
}
