package org.ihlbench.transforms.providers;

/** Why a call attempt failed, and so what happens next. */
public enum FailureKind {
  /** 429: slow down, wait as told, retry; does not use up the call's attempts. */
  RATE_LIMITED(true),
  /**
   * The shard's provider answered nothing but 429 for longer than the run's rate-limit patience:
   * the calls it had left end with this, not retried.
   */
  RATE_LIMIT_PATIENCE_EXCEEDED(false),
  /** 5xx: retry with backoff. */
  SERVER(true),
  /** No answer in time: retry with backoff. */
  TIMEOUT(true),
  /** Connection refused, reset or dropped: retry with backoff. */
  NETWORK(true),
  /** A 2xx whose body cannot be read: retry, it is usually transient. */
  MALFORMED(true),
  /** 401/403: the key is wrong; retrying cannot help, the run stops. */
  AUTH(false),
  /** Any other 4xx: the request itself is wrong; recorded as an error, not retried. */
  BAD_REQUEST(false),
  /** The run's budget was spent before this call. */
  BUDGET(false),
  /**
   * A batched request that was not run: it, or its whole batch, expired (or was canceled) before
   * it ran. Resubmitted in a new batch, up to the configured limit.
   */
  EXPIRED(true),
  /** A whole batch the provider rejected (its validation failed): resubmitted like expired. */
  BATCH_FAILED(true);

  private final boolean retryable;

  FailureKind(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The error class recorded on the response. */
  public String errorClass() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
