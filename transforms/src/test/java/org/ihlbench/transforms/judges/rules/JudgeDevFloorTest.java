package org.ihlbench.transforms.judges.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.transforms.judges.RulesJudge;
import org.ihlbench.transforms.judges.evaluation.LabelFormat;
import org.ihlbench.transforms.judges.evaluation.LabelledAnswer;
import org.ihlbench.transforms.judges.evaluation.LabelledAnswers;
import org.ihlbench.transforms.judges.evaluation.RaterScore;
import org.junit.Test;

/**
 * rules-v3's agreement with the labels of the judge corpus (configs/judge-dev), held as a floor:
 * a change to the rules may not lower agreement on "full refusal or not", or recall on refusals,
 * by more than a point below the figures docs/JUDGES.md reports. The same figures come from
 * {@code ihlbench judge-eval --labels=configs/judge-dev/test.jsonl --config=...}; this test
 * computes them without a pipeline, through the same reader and scorer.
 *
 * <p>rules-v3 was tuned on dev.jsonl only; test.jsonl measures it.
 */
public class JudgeDevFloorTest {
  static final Path DIR = Path.of("..", "configs", "judge-dev").toAbsolutePath().normalize();

  /** Reported in docs/JUDGES.md (test split): accuracy and recall, in percent. */
  static final double TEST_ACCURACY = 92.8;
  static final double TEST_RECALL = 90.3;
  /** Reported in docs/JUDGES.md (dev split). */
  static final double DEV_ACCURACY = 99.0;
  static final double DEV_RECALL = 98.3;

  static RaterScore score(String split, String version) throws Exception {
    Path file = DIR.resolve(split + ".jsonl");
    LabelledAnswers.Read read = LabelledAnswers.parse(file.toString(),
        Files.readString(file, StandardCharsets.UTF_8), LabelFormat.defaults());
    assertTrue(split + ": " + read.bad(), read.bad().isEmpty());
    RaterScore score = new RaterScore();
    for (LabelledAnswer a : read.answers()) {
      JudgeVerdict v = RulesJudge.judge(version, a.key(), "rules", a.request(), a.response());
      score.add(a, v.getRefusal(), v.getHelpfulRefusal());
    }
    assertEquals(read.answers().size(), score.n());
    return score;
  }

  private static void assertFloor(String what, double reported, double measured) {
    assertTrue(String.format("%s: %.1f%% is more than a point below the reported %.1f%%", what,
        measured, reported), measured >= reported - 1.0);
  }

  @Test
  public void rulesV3HoldsItsAgreementAndRecallOnTheTestSplit() throws Exception {
    RaterScore s = score("test", RulesV3.VERSION);
    System.out.printf("rules-v3 test: accuracy %.1f%% [%.1f, %.1f], recall %.1f%% [%.1f, %.1f]"
            + ", three-class %.1f%%, helpful %.1f%% (n=%d)%n", 100 * s.accuracy().rate(),
        100 * s.accuracy().low(), 100 * s.accuracy().high(), 100 * s.sensitivity().rate(),
        100 * s.sensitivity().low(), 100 * s.sensitivity().high(),
        100 * s.threeClassAccuracy().rate(), 100 * s.helpful().observed(), s.helpful().items());
    assertFloor("test accuracy", TEST_ACCURACY, 100 * s.accuracy().rate());
    assertFloor("test recall", TEST_RECALL, 100 * s.sensitivity().rate());
  }

  @Test
  public void rulesV3HoldsItsAgreementAndRecallOnTheDevSplit() throws Exception {
    RaterScore s = score("dev", RulesV3.VERSION);
    assertFloor("dev accuracy", DEV_ACCURACY, 100 * s.accuracy().rate());
    assertFloor("dev recall", DEV_RECALL, 100 * s.sensitivity().rate());
  }
}
