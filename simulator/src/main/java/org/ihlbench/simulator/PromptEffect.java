package org.ihlbench.simulator;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Prompts that differ: under a model with a prompt effect, each prompt has its own propensity to
 * be refused, drawn from a Beta distribution whose mean is the matching rule's refusal
 * probability and whose intra-prompt correlation is {@code icc} (Beta(a, b) with a + b = (1 -
 * icc) / icc), so the seeds of one prompt agree more often than independent draws would. Real
 * models behave so: some prompts are refused on every seed, others never.
 *
 * <p>The propensity is a function of the model, the user message and {@code seed} alone (not the
 * request's sampling seed, nor the system prompt, so a prompt that is hard to refuse stays so
 * under every condition); the answer stays a function of the request, so the same request gets
 * the same answer and the response store's keys keep their meaning. Over prompts, refusals still
 * come at the rule's rate, and the refusal classes in the rule's proportions.
 */
public record PromptEffect(double icc, long seed) {

  /** The propensity of the prompt in {@code request} to be refused, for a rule refusing at p. */
  public double propensity(double p, SimRequest request) {
    if (icc <= 0 || p <= 0 || p >= 1) {
      return p;
    }
    double u = Draw.uniform("prompt-effect", Long.toString(seed), request.model(),
        request.lastUserMessage());
    double ab = (1 - icc) / icc;
    // Built without a random generator: the distribution is only ever inverted here.
    BetaDistribution beta = new BetaDistribution(null, p * ab, (1 - p) * ab, 1e-12);
    return beta.inverseCumulativeProbability(Math.max(1e-12, Math.min(1 - 1e-12, u)));
  }

  /** The answer class for {@code request} under {@code rule}, given the request's coin {@code u}. */
  public AnswerClass choose(BehaviourRule rule, SimRequest request, double u) {
    double p = rule.refusalProbability();
    double q = propensity(p, request);
    boolean refused = u < q;
    // Which refusal (or which other answer): the part of the coin beyond the split, rescaled.
    double within = refused ? u / q : (u - q) / (1 - q);
    AnswerClass c = rule.chooseWithin(refused, Math.min(within, Math.nextDown(1.0)));
    return c != null ? c : rule.choose(u);
  }
}
