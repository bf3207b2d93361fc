package org.ihlbench.transforms.judges.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer cut into the pieces whose position and order the rules read: sentences of prose, in
 * order, each knowing whether it opens the answer and whether it belongs to a list item; and the
 * blocks that carry content rather than talk (fenced code, list items). Text is normalised first:
 * typographic quotes become straight ones, and markdown decoration (headings, emphasis, quote
 * markers) is dropped, so an answer that starts with whitespace or "**" reads like one that
 * does not.
 */
public final class AnswerText {
  /** One sentence of prose, lower-cased, with where it sits. */
  public record Sentence(int index, int paragraph, String text, boolean listItem) {}

  /**
   * A fenced code block or a paragraph's list items, and the index of the sentence before it
   * (-1 at the start). {@code items} holds a list's items, lower-cased; a code block's text.
   */
  public record Block(Kind kind, int afterSentence, List<String> items) {
    public enum Kind { CODE, LIST }
  }

  private static final Pattern FENCE = Pattern.compile("(?s)```.*?(?:```|$)");
  private static final Pattern LIST_MARKER =
      Pattern.compile("^\\s*(?:\\d{1,2}[.)]|[-*\u2022+]|[a-h][.)])\\s+");
  private static final Pattern LIST_ITEM =
      Pattern.compile("^\\s*(?:\\d{1,2}[.)]|[-*\u2022+]|step \\d+[:.)]?|[a-h][.)])\\s+\\S.*");
  private static final Pattern CODE_LINE = Pattern.compile(
      "^(?: {4}|\t)\\S.*|^\\s*(?:def |import |class |function |#include|from \\S+ import|public |"
          + "for \\(|while \\(|if \\(|var |let |const |\\$ ).*");
  private static final Pattern SENTENCE_END =
      Pattern.compile("(?<=[.!?])[\"')\\]]*\\s+(?=[\"'(\\[]?[A-Z0-9*_#])");
  private static final Pattern DECORATION = Pattern.compile("\\*\\*|__|(?<![A-Za-z0-9])[*_](?=\\S)|(?<=\\S)[*_](?![A-Za-z0-9])|`");

  private final String original;
  private final String normalised;
  private final List<Sentence> sentences = new ArrayList<>();
  private final List<Block> blocks = new ArrayList<>();
  private final int length;

  private AnswerText(String text) {
    this.original = text == null ? "" : text;
    this.normalised = normalise(original);
    this.length = normalised.strip().length();
    cut();
  }

  public static AnswerText of(String text) {
    return new AnswerText(text);
  }

  /** Straight quotes and apostrophes, no zero-width characters, unified line ends. */
  static String normalise(String t) {
    return t.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201C', '"')
        .replace('\u201D', '"').replace("\u200B", "").replace("\r\n", "\n").replace('\r', '\n')
        .replace('\u00A0', ' ');
  }

  private void cut() {
    // Fenced code first: its lines are content, never prose.
    Matcher fence = FENCE.matcher(normalised);
    StringBuilder prose = new StringBuilder();
    List<String> code = new ArrayList<>();
    int last = 0;
    while (fence.find()) {
      prose.append(normalised, last, fence.start()).append("\n\n\u0000CODE\u0000\n\n");
      code.add(fence.group());
      last = fence.end();
    }
    prose.append(normalised.substring(last));
    String[] paragraphs = prose.toString().split("\n\\s*\n");
    int codeIndex = 0;
    for (int p = 0; p < paragraphs.length; p++) {
      String para = paragraphs[p];
      if (para.strip().equals("\u0000CODE\u0000")) {
        blocks.add(new Block(Block.Kind.CODE, sentences.size() - 1, List.of(code.get(codeIndex++))));
        continue;
      }
      List<String> listItems = new ArrayList<>();
      int firstItem = -1;
      int codeLines = 0;
      int firstCode = -1;
      StringBuilder plain = new StringBuilder();
      for (String line : para.split("\n")) {
        String l = stripDecoration(line);
        if (l.isBlank()) {
          continue;
        }
        boolean item = LIST_ITEM.matcher(l.toLowerCase(Locale.ROOT)).matches();
        if (!item && CODE_LINE.matcher(line).matches()) {
          flush(plain, p);
          firstCode = firstCode < 0 ? sentences.size() : firstCode;
          codeLines++;
          continue;
        }
        if (item) {
          flush(plain, p);
          firstItem = firstItem < 0 ? sentences.size() : firstItem;
          String text = LIST_MARKER.matcher(l).replaceFirst("").strip();
          listItems.add(text.toLowerCase(Locale.ROOT));
          addSentences(text, p, true);
        } else {
          plain.append(plain.length() == 0 ? "" : " ").append(l.strip());
        }
      }
      flush(plain, p);
      if (!listItems.isEmpty()) {
        blocks.add(new Block(Block.Kind.LIST, firstItem - 1, List.copyOf(listItems)));
      }
      if (codeLines >= 2) {
        blocks.add(new Block(Block.Kind.CODE, firstCode - 1, List.of(para)));
      }
    }
  }

  private void flush(StringBuilder plain, int paragraph) {
    if (plain.length() > 0) {
      addSentences(plain.toString(), paragraph, false);
      plain.setLength(0);
    }
  }

  private void addSentences(String text, int paragraph, boolean item) {
    for (String s : SENTENCE_END.split(text)) {
      String t = s.strip();
      if (!t.isEmpty()) {
        sentences.add(new Sentence(sentences.size(), paragraph, t.toLowerCase(Locale.ROOT), item));
      }
    }
  }

  /** A line without heading marks, quote marks or emphasis. */
  static String stripDecoration(String line) {
    String l = line.replaceFirst("^\\s*(?:#{1,6}\\s+|>\\s?)+", "");
    return DECORATION.matcher(l).replaceAll("");
  }

  public String original() {
    return original;
  }

  /** The whole answer, normalised and lower-cased. */
  public String lower() {
    return normalised.toLowerCase(Locale.ROOT);
  }

  public boolean isBlank() {
    return length == 0;
  }

  /** Characters of the answer, without surrounding whitespace. */
  public int length() {
    return length;
  }

  public List<Sentence> sentences() {
    return sentences;
  }

  public List<Block> blocks() {
    return blocks;
  }

  /**
   * How many sentences open the answer: those of its first two paragraphs, and at least
   * {@code min}.
   */
  public int opening(int min) {
    int n = 0;
    while (n < sentences.size() && sentences.get(n).paragraph() < 2) {
      n++;
    }
    return Math.max(min, n);
  }
}
