package org.ihlbench.pipeline.cli;

/**
 * What the {@code ihlbench} process exits with: 0 done; 1 the run failed; 2 bad usage or config;
 * 3 prompt rows were rejected (see errors/dead_letters.jsonl; allow with --allowRejectedRows);
 * 4 a provider rejected the credentials or none were set; 5 {@code trend} raised alerts; 6
 * {@code validate} found problems in the prompt set; 7 {@code run}: calls gave up on a rate limit
 * (the provider answered only 429 for {@code calls.rate_limit_patience}).
 */
public enum ExitCode {
  OK(0),
  /** The run failed, or its counts did not balance, or every call failed. */
  FAILED(1),
  USAGE(2),
  REJECTED_ROWS(3),
  AUTH(4),
  /** {@code trend}: the latest run regressed, or a model reported a new version. */
  ALERTS(5),
  /** {@code validate}: the prompt set has problems (duplicates, gaps in coverage, bad rows). */
  DATASET_PROBLEMS(6),
  /** {@code run}: calls gave up on a rate limit; the run wrote what it had, a rerun resumes. */
  RATE_LIMITED(7);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
