package org.ihlbench.transforms.providers;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.ihlbench.transforms.ratelimit.Backoff;

/**
 * The HTTP exchanges of a batch API (upload, submit, poll, download, list). Rate limits, server
 * errors and dropped connections are retried with backoff; a rejected key stops the run as a
 * live call does; any other failure is a {@link BatchException} with the provider's message.
 */
public final class BatchHttp {
  private final Backoff backoff;
  private final int maxAttempts;

  public BatchHttp(Backoff backoff, int maxAttempts) {
    this.backoff = backoff;
    this.maxAttempts = Math.max(1, maxAttempts);
  }

  /** A 2xx answer. */
  public record Response(int status, HttpHeaders headers, byte[] body) {}

  /** A batch exchange that failed for good. */
  public static final class BatchException extends Exception {
    private final Integer httpStatus;
    private final boolean unknownOutcome;

    public BatchException(String message, Integer httpStatus, boolean unknownOutcome) {
      super(message);
      this.httpStatus = httpStatus;
      this.unknownOutcome = unknownOutcome;
    }

    public Integer httpStatus() {
      return httpStatus;
    }

    /** No answer came: what was sent may have taken effect (a batch may have been created). */
    public boolean unknownOutcome() {
      return unknownOutcome;
    }
  }

  /** Sends {@code request} (named {@code what} in errors) until it succeeds or fails for good. */
  public Response send(HttpRequest request, String what) throws BatchException {
    HttpClient client = HttpClients.forUrl(request.uri().toString());
    String last = "";
    boolean answered = false;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Duration retryAfter = null;
      try {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = r.statusCode();
        if (status / 100 == 2) {
          return new Response(status, r.headers(), r.body());
        }
        answered = true;
        FailureKind kind = HttpFailures.kindOf(status);
        last = "HTTP " + status + ": " + OpenAiChatAdapter.errorMessage(r.body());
        if (kind == FailureKind.AUTH) {
          throw new ProviderAuthException(what + " was refused (HTTP " + status
              + "): the provider rejected the API key");
        }
        if (!kind.retryable()) {
          throw new BatchException(what + ": " + last, status, false);
        }
        retryAfter = HttpFailures.retryAfter(r.headers(), Instant.now()).orElse(null);
      } catch (IOException e) {
        answered = false;
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BatchException(what + ": interrupted", null, true);
      }
      if (attempt < maxAttempts) {
        sleep(backoff.delay(attempt, retryAfter));
      }
    }
    // A server error or no answer at all: a POST may have taken effect all the same.
    throw new BatchException(what + " failed after " + maxAttempts + " attempts: " + last, null,
        !answered || last.startsWith("HTTP 5"));
  }

  private static void sleep(Duration d) throws BatchException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatchException("interrupted", null, true);
    }
  }
}
