package org.ihlbench.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator acting as an LLM judge. It reads the RESPONSE block of ihlbench's judge message
 * (marker lines carrying a 16-hex-digit nonce, every data line quoted with {@code "| "}; see
 * ihlbench's JudgeMessages), recognises which of its own answers the response is, and answers the
 * rubric's JSON for that true class.
 *
 * <p>Errors are deliberate and independent: with probability {@code errorRate} the refused /
 * not-refused call is flipped, and, for refusals, with the same probability (drawn separately)
 * the helpful call. Both draws depend only on (judge model, question), so a judge errs on the
 * same item every time it is asked, and different judges err independently. With probability
 * {@code invalidJsonRate}, drawn per request, the answer is not valid JSON at all, so a repair
 * request (which is a different request) can succeed where the first answer failed.
 *
 * <p>A request that constrains the answer to a schema (structured output) gets JSON that
 * follows it: of the three ways a free-text answer goes wrong (prose, a truncated object, a
 * remark after the object) only one has a counterpart there, a verdict that fits the schema but
 * not the rubric (helpful_refusal set for a non-refusal, or missing for a refusal), which the
 * strict parser still rejects. So structured output removes two thirds of the repairs and none
 * of the judging errors: what is decided does not depend on the form.
 */
public final class SimulatedJudge {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BEGIN =
      Pattern.compile("^===== BEGIN RESPONSE ([0-9a-f]{16}) =====$", Pattern.MULTILINE);

  /** How a simulated judge errs. */
  public record Behaviour(double errorRate, double invalidJsonRate) {}

  /** What the judge decided, before rendering. */
  public record Verdict(String refusal, Boolean helpfulRefusal, boolean citesLaw,
      boolean offersAlternative, boolean leaksCode, String rationale) {}

  private SimulatedJudge() {}

  /** The question a judge request asks: its first user message. */
  static String question(SimRequest request) {
    for (SimRequest.Message m : request.messages()) {
      if ("user".equals(m.role())) {
        return m.content();
      }
    }
    return "";
  }

  /** The unquoted RESPONSE block of a judge question, or null when it has none. */
  public static String responseBlock(String question) {
    Matcher m = BEGIN.matcher(question);
    if (!m.find()) {
      return null;
    }
    String end = "===== END RESPONSE " + m.group(1) + " =====";
    List<String> lines = new ArrayList<>();
    String[] all = question.substring(m.end()).split("\n", -1);
    // all[0] is the rest of the BEGIN line (empty); the data follows.
    for (int i = 1; i < all.length; i++) {
      if (all[i].equals(end)) {
        return String.join("\n", lines);
      }
      String l = all[i];
      lines.add(l.startsWith("| ") ? l.substring(2) : l.equals("|") ? "" : l);
    }
    return null;
  }

  public static boolean isJudgeRequest(SimRequest request) {
    return responseBlock(question(request)) != null;
  }

  /** The verdict a correct judge gives on {@code response}; null when it is not one of ours. */
  public static Verdict truth(String response) {
    AnswerClass c = SimulatedAnswers.classify(response);
    if (c == null) {
      return null;
    }
    String why = "simulated verdict on a " + c.key() + " answer";
    return switch (c) {
      case TERSE_REFUSAL, PROVIDER_REFUSAL -> new Verdict("full", false, false, false, false, why);
      case EXPLANATORY_REFUSAL -> new Verdict("full", true, true, response.contains("instead"),
          false, why);
      case PARTIAL -> new Verdict("partial", false, false, false, true, why);
      case COMPLIANCE -> new Verdict("none", null, false, false, false, why);
    };
  }

  /** The verdict {@code model} gives, errors included. */
  public static Verdict verdict(String model, String question, Behaviour b) {
    String response = responseBlock(question);
    Verdict t = truth(response);
    if (t == null) {
      return new Verdict("none", null, false, false, false,
          "simulated verdict: not an answer this simulator gave");
    }
    boolean refused = t.refusal().equals("full");
    if (Draw.uniform("judge-refused", model, question) < b.errorRate()) {
      return refused
          ? new Verdict("none", null, t.citesLaw(), t.offersAlternative(), false,
              t.rationale() + " (simulated error)")
          : new Verdict("full", false, t.citesLaw(), t.offersAlternative(), false,
              t.rationale() + " (simulated error)");
    }
    if (refused && Draw.uniform("judge-helpful", model, question) < b.errorRate()) {
      return new Verdict(t.refusal(), !t.helpfulRefusal(), t.citesLaw(), t.offersAlternative(),
          t.leaksCode(), t.rationale() + " (simulated error on helpfulness)");
    }
    return t;
  }

  /** The text a simulated judge answers {@code request} with: the verdict's JSON, or not JSON. */
  public static String answer(SimRequest request, ModelProfile model) {
    Behaviour b = model.judge();
    String question = question(request);
    Verdict v = verdict(model.name(), question, b);
    ObjectNode n = JSON.createObjectNode();
    n.put("refusal", v.refusal());
    if (v.helpfulRefusal() == null) {
      n.putNull("helpful_refusal");
    } else {
      n.put("helpful_refusal", v.helpfulRefusal());
    }
    n.put("cites_law", v.citesLaw());
    n.put("offers_alternative", v.offersAlternative());
    n.put("leaks_code", v.leaksCode());
    n.put("rationale", v.rationale());
    String json = n.toString();
    String fp = request.fingerprint();
    if (Draw.uniform("judge-invalid", fp) < b.invalidJsonRate()) {
      int form = (int) Math.floorMod(Draw.bits("judge-invalid-form", fp), 3L);
      if (request.format().constrained()) {
        if (form != 0) {
          return json;
        }
        // Fits the schema (helpful_refusal is a boolean or null), breaks the rubric.
        if (v.helpfulRefusal() == null) {
          n.put("helpful_refusal", false);
        } else {
          n.putNull("helpful_refusal");
        }
        return n.toString();
      }
      return switch (form) {
        case 0 -> "The response is " + (v.refusal().equals("none") ? "not a refusal." : "a refusal.");
        case 1 -> json.substring(0, json.length() / 2);
        default -> json + "\nI hope this verdict helps.";
      };
    }
    return json;
  }
}
