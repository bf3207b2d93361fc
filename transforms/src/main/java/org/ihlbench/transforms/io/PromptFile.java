package org.ihlbench.transforms.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

  /** Reads the whole of {@code in} (UTF-8) as {@code format}; {@code source} names the file. */
  public static void read(String source, InputStream in, PromptFormat format, String datasetHash,
      Sink sink) throws IOException {
    RuleTable rules = RuleTable.icrc();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    format.read(reader, new PromptFormat.RowSink() {
      @Override
      public void accept(PromptRow row) {
        RuleTable.Rule rule = null;
        if (row.ruleNumber() != null) {
          rule = rules.get(row.ruleNumber());
          if (rule == null) {
            sink.reject(row.line(), Problem.UNKNOWN_RULE, "unknown rule number " + row.ruleNumber()
                + " (the ICRC customary IHL study has rules 1-" + rules.size() + ")", row.text());
            return;
          }
        }
        sink.prompt(Prompt.newBuilder()
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
        sink.reject(line, Problem.MALFORMED, reason, payload);
      }

      @Override
      public void rejectEmptyText(long line, String reason, String payload) {
        sink.reject(line, Problem.EMPTY_TEXT, reason, payload);
      }
    });
  }

  /** Reads just enough of {@code in} to tell whether it can be {@code format} at all. */
  public static void checkColumns(InputStream in, PromptFormat format) throws IOException {
    format.checkColumns(
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
  }
}
