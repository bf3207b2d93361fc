package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.stats.JudgeErrorRates;

/**
 * {@code judges.error_rates}: a judge-eval result (its {@code judge_eval.json}) whose measured
 * sensitivity and specificity the summary's corrected refusal rate undoes
 * (docs/STATISTICS.md#rates-corrected-for-judge-error).
 *
 * <pre>
 * judges:
 *   panel: [...]
 *   error_rates: out/judge-eval/judge_eval.json            # the majority's figures, or
 *   error_rates: {file: out/judge-eval/judge_eval.json, rater: majority}
 * </pre>
 *
 * The figures must be of the same panel: the run's rates are the majority's decisions, so the
 * file's judges must be the panel's (by name); a single judge ({@code rater: <name>}) fits only a
 * panel of that judge alone. The file's SHA-256 goes into the config hash and, shortened, into the
 * summary's {@code correction} column.
 */
final class ErrorRatesConfig {
  static final String MAJORITY = "majority";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorRatesConfig() {}

  /** The error rates the node names, or null when it is absent. */
  static JudgeErrorRates parse(ConfigNode node, Path dir, List<PanelJudge> panel,
      ObjectNode hashed) {
    if (!node.present()) {
      return null;
    }
    ConfigNode fileNode = node;
    String rater = MAJORITY;
    if (node.node().isObject()) {
      node.allowOnly(Set.of("file", "rater"));
      fileNode = node.get("file");
      rater = node.get("rater").text(MAJORITY);
    }
    String file = ConfigFile.resolve(dir, fileNode.text());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw fileNode.error("cannot read judge-eval result " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw fileNode.error(file + " is not JSON (expected a judge_eval.json from ihlbench"
          + " judge-eval): " + e.getOriginalMessage());
    } catch (IOException e) {
      throw fileNode.error("cannot read judge-eval result " + file + ": " + e.getMessage());
    }
    if (root == null || !root.path("judges").isObject() || !root.path(MAJORITY).isObject()) {
      throw fileNode.error(file + " has no 'judges' and 'majority' objects; expected a"
          + " judge_eval.json from ihlbench judge-eval");
    }
    Set<String> evaluated = new TreeSet<>();
    root.get("judges").fieldNames().forEachRemaining(evaluated::add);
    Set<String> onPanel = new TreeSet<>();
    panel.forEach(j -> onPanel.add(j.name()));
    JsonNode figures;
    if (rater.equals(MAJORITY)) {
      if (!evaluated.equals(onPanel)) {
        throw fileNode.error(file + " evaluated the judges " + evaluated + ", but the panel is "
            + onPanel + ": the correction needs the error rates of this panel's majority");
      }
      figures = root.get(MAJORITY);
    } else {
      if (!root.get("judges").has(rater)) {
        throw node.get("rater").error("'" + rater + "' is not a judge in " + file + " "
            + evaluated + " (or 'majority')");
      }
      if (!onPanel.equals(Set.of(rater))) {
        throw node.get("rater").error("the figures of judge '" + rater + "' fit only a panel of"
            + " that judge alone; the panel is " + onPanel + " (use rater: majority)");
      }
      figures = root.get("judges").get(rater);
    }
    JsonNode r = figures.path("refusal");
    long[] counts = new long[4];
    List<String> names = List.of("true_positives", "false_negatives", "true_negatives",
        "false_positives");
    for (int i = 0; i < 4; i++) {
      JsonNode v = r.path(names.get(i));
      if (!v.canConvertToLong() || v.asLong() < 0) {
        throw fileNode.error(file + ": " + rater + ".refusal." + names.get(i)
            + " must be a count >= 0");
      }
      counts[i] = v.asLong();
    }
    String sha = sha256(bytes);
    JudgeErrorRates rates = new JudgeErrorRates("judge-eval:" + sha.substring(0, 12) + ":"
        + rater, counts[0], counts[1], counts[2], counts[3]);
    if (rates.problem() != null) {
      throw fileNode.error(file + " (" + rater + "): " + rates.problem());
    }
    if (hashed.path("judges") instanceof ObjectNode j) {
      // What the correction used, not where the file lies: the same figures, the same hash.
      j.putObject("error_rates").put("sha256", sha).put("rater", rater);
    }
    return rates;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
