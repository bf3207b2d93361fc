package org.ihlbench.simulator.protocol;

import com.sun.net.httpserver.Headers;
import java.util.Map;
import org.ihlbench.simulator.SimAnswer;
import org.ihlbench.simulator.SimRequest;

/** One provider API as the simulator speaks it: which requests it serves and how it answers. */
public interface WireProtocol {

  /** A short label for logs and stats. */
  String name();

  /** True when this protocol serves {@code path} (POST). */
  boolean serves(String path);

  /** Reads a request; throws {@link BadRequest} with a message the client will see. */
  SimRequest parse(String path, Headers headers, byte[] body) throws BadRequest;

  /** The JSON body of a successful answer. */
  byte[] answer(SimRequest request, SimAnswer answer);

  /** The JSON body of an error in this protocol's error shape. */
  byte[] error(int status, String type, String message);

  /** The status a missing or rejected key gets (Gemini says 400 API_KEY_INVALID, not 401). */
  default int authFailureStatus() {
    return 401;
  }

  /** The body of a 429 that asks the client to wait {@code retryAfterMs}. */
  default byte[] rateLimited(String message, long retryAfterMs) {
    return error(429, "rate_limit_exceeded", message);
  }

  /** The headers of a 429 that say how long to wait. */
  default Map<String, String> retryAfterHeaders(long retryAfterMs) {
    return Map.of("Retry-After", String.valueOf((retryAfterMs + 999) / 1000),
        "retry-after-ms", String.valueOf(retryAfterMs));
  }

  /**
   * Rate-limit headers sent with every response while a limit is on: the bucket's capacity, what
   * is left of it, and when it is full again. None by default (Gemini sends none).
   */
  default Map<String, String> rateLimitHeaders(int limit, int remaining, long fullInMs) {
    return Map.of();
  }

  /** The statuses of injected server errors. */
  default int[] serverErrorStatuses() {
    return new int[] {500, 503};
  }

  /** A request the simulator refuses with 400 (or {@code status}). */
  final class BadRequest extends Exception {
    private final int status;

    public BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }

    public BadRequest(String message) {
      this(400, message);
    }

    public int status() {
      return status;
    }
  }
}
