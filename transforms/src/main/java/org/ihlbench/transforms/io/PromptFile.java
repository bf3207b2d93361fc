package org.ihlbench.transforms.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.ihlbench.records.Prompt;

/**
 * Reads one prompt-set file into {@link Prompt}s and rejections: the format parses the rows, the
 * ICRC rule table checks and fills in rule numbers. ReadPrompts runs this on workers and
 * {@code ihlbench validate} runs it locally, so both judge a file the same way.
 */
public final class PromptFile {
  private PromptFile() {}

  /** Why a row was rejected, for reports that count problems by kind. */
  public enum Problem { MALFORMED, EMPTY_TEXT, UNKNOWN_RULE }

  /** Where prompts and rejections go. */
  public interface Sink {
    void prompt(Prompt prompt);

    void reject(long line, Problem problem, String reason, String payload);
  }

  /** Prompts longer than this (in characters) are rejected unless the config raises it. */
  public static final int DEFAULT_MAX_PROMPT_CHARS = 32_000;

  /** {@link #read(String, InputStream, PromptFormat, String, int, Sink)} with the default cap. */
  public static void read(String source, InputStream in, PromptFormat format, String datasetHash,
      Sink sink) throws IOException {
    read(source, in, format, datasetHash, DEFAULT_MAX_PROMPT_CHARS, sink);
  }

  /**
   * Reads the whole of {@code in} (UTF-8) as {@code format}; {@code source} names the file. A row
   * with bytes that are not UTF-8 is rejected with the byte offset of the first (never sent with
   * U+FFFD in place of them); a byte-order mark is dropped; a prompt text longer than
   * {@code maxPromptChars} is rejected.
   */
  public static void read(String source, InputStream in, PromptFormat format, String datasetHash,
      int maxPromptChars, Sink sink) throws IOException {
    RuleTable rules = RuleTable.icrc();
    StrictUtf8Reader text = new StrictUtf8Reader(in);
    CheckedRows checked = new CheckedRows(text, sink);
    format.read(new BufferedReader(text), new PromptFormat.RowSink() {
      @Override
      public void accept(PromptRow row) {
        RuleTable.Rule rule = null;
        if (row.ruleNumber() != null) {
          rule = rules.get(row.ruleNumber());
          if (rule == null) {
            checked.reject(row.line(), Problem.UNKNOWN_RULE, "unknown rule number "
                + row.ruleNumber() + " (the ICRC customary IHL study has rules 1-" + rules.size()
                + ")", row.text());
            return;
          }
        }
        if (row.text().length() > maxPromptChars) {
          // A prompt this long is most likely a mistake (a file pasted into a cell), and every
          // model and judge call would pay for all of it.
          checked.reject(row.line(), Problem.MALFORMED, "the prompt is " + row.text().length()
              + " characters, more than dataset.max_prompt_chars (" + maxPromptChars
              + "); raise it in the config to allow such prompts",
              row.text().substring(0, Math.min(200, maxPromptChars)) + "...");
          return;
        }
        checked.prompt(row.line(), Prompt.newBuilder()
            .setId(row.id())
            .setText(row.text())
            .setRuleNumber(row.ruleNumber())
            .setRuleTitle(rule == null ? null : rule.title())
            .setPart(rule == null ? null : rule.part())
            .setChapter(rule == null ? null : rule.chapter())
            .setKind(row.kind())
            .setFraming(row.framing())
            .setSource(source)
            .setLine(row.line())
            .setDatasetHash(datasetHash)
            .build());
      }

      @Override
      public void reject(long line, String reason, String payload) {
        checked.reject(line, Problem.MALFORMED, reason, payload);
      }

      @Override
      public void rejectEmptyText(long line, String reason, String payload) {
        checked.reject(line, Problem.EMPTY_TEXT, reason, payload);
      }
    });
    checked.end();
  }

  /**
   * Holds each row until the next one starts, so that it knows the lines the row spans, and
   * rejects a row in whose lines the reader found bytes that are not UTF-8. Bytes outside every
   * row (a CSV header) are rejected on their own line, so that none go unreported.
   */
  private static final class CheckedRows {
    private final StrictUtf8Reader text;
    private final Sink sink;
    private long pendingLine = -1;
    private Runnable pending;
    private int reported;
    private String pendingPayload;

    CheckedRows(StrictUtf8Reader text, Sink sink) {
      this.text = text;
      this.sink = sink;
    }

    void prompt(long line, Prompt p) {
      hold(line, () -> sink.prompt(p), p.getText().toString());
    }

    void reject(long line, Problem problem, String reason, String payload) {
      hold(line, () -> sink.reject(line, problem, reason, payload), payload);
    }

    private void hold(long line, Runnable event, String payload) {
      flush(line);
      pendingLine = line;
      pending = event;
      pendingPayload = payload;
    }

    void end() {
      flush(Long.MAX_VALUE);
      List<StrictUtf8Reader.Invalid> invalid = text.invalid();
      for (; reported < invalid.size(); reported++) {
        StrictUtf8Reader.Invalid at = invalid.get(reported);
        sink.reject(at.line(), Problem.MALFORMED, notUtf8(at), null);
      }
    }

    /** Delivers the held row, which ends before {@code nextLine}. */
    private void flush(long nextLine) {
      if (pending == null) {
        return;
      }
      List<StrictUtf8Reader.Invalid> invalid = text.invalid();
      StrictUtf8Reader.Invalid first = null;
      for (; reported < invalid.size() && invalid.get(reported).line() < nextLine; reported++) {
        StrictUtf8Reader.Invalid at = invalid.get(reported);
        if (at.line() < pendingLine) {
          // Before this row: a line no row was made of (a header).
          sink.reject(at.line(), Problem.MALFORMED, notUtf8(at), null);
        } else if (first == null) {
          first = at;
        }
      }
      if (first == null) {
        pending.run();
      } else {
        sink.reject(pendingLine, Problem.MALFORMED, notUtf8(first), pendingPayload);
      }
      pending = null;
    }

    private static String notUtf8(StrictUtf8Reader.Invalid at) {
      return "not valid UTF-8 at byte " + at.byteOffset() + " (line " + at.line()
          + "); save the file as UTF-8";
    }
  }

  /** Reads just enough of {@code in} to tell whether it can be {@code format} at all. */
  public static void checkColumns(InputStream in, PromptFormat format) throws IOException {
    format.checkColumns(new BufferedReader(new StrictUtf8Reader(in)));
  }
}
