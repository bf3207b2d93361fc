package org.ihlbench.transforms.providers;

import java.io.Serializable;
import java.time.Duration;

/**
 * How batched calls are made (the config's {@code calls.batch}).
 *
 * @param resubmits how many times a request that came back errored or expired is submitted
 *     again, in a new batch, before it is a call error
 * @param maxRequests requests per batch at most, below the provider's cap (0: the provider's)
 * @param maxBytes bytes per batch at most, below the provider's cap (0: the provider's)
 * @param firstPollMillis the wait before a batch is first polled; each later wait is half as
 *     long again, up to {@code maxPollMillis} (seconds at first, minutes later)
 * @param submitOnly submit what is to submit, collect what has ended, and wait for nothing: a
 *     later run collects the rest
 */
public record BatchSettings(int resubmits, int maxRequests, long maxBytes, long firstPollMillis,
    long maxPollMillis, boolean submitOnly) implements Serializable {

  public static final BatchSettings DEFAULT = new BatchSettings(1, 0, 0, 5_000, 300_000, false);

  public BatchSettings withSubmitOnly(boolean only) {
    return new BatchSettings(resubmits, maxRequests, maxBytes, firstPollMillis, maxPollMillis, only);
  }

  /** The wait after a poll that came {@code previous} after the one before it. */
  Duration nextPoll(Duration previous) {
    long next = previous == null ? firstPollMillis : (long) (previous.toMillis() * 1.5);
    return Duration.ofMillis(Math.max(1, Math.min(Math.max(next, firstPollMillis), maxPollMillis)));
  }

  int requestCap(BatchProtocol api) {
    return maxRequests > 0 ? Math.min(maxRequests, api.maxRequests()) : api.maxRequests();
  }

  long byteCap(BatchProtocol api) {
    return maxBytes > 0 ? Math.min(maxBytes, api.maxBytes()) : api.maxBytes();
  }
}
