package org.ihlbench.simulator.protocol;

import com.sun.net.httpserver.Headers;
import java.util.function.Predicate;

/** A provider's batch API as the simulator speaks it: the requests it serves and its answers. */
public interface BatchApi {

  /** True when this API serves {@code method path}. */
  boolean serves(String method, String path);

  /**
   * Answers one request. {@code keyAccepted} says whether an API key is good; {@code rootUrl}
   * is where the simulator listens (for URLs in answers).
   */
  Reply handle(String method, String path, String query, Headers headers, byte[] body,
      Predicate<String> keyAccepted, String rootUrl);

  /** An HTTP answer. */
  record Reply(int status, byte[] body, String contentType) {
    public static Reply json(int status, byte[] body) {
      return new Reply(status, body, "application/json");
    }
  }

  /** The value of {@code name} in a query string, or null. */
  static String param(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String kv : query.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0 && kv.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(kv.substring(eq + 1),
            java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** A page of a newest-first list: up to {@code limit} items after the one with id {@code after}. */
  static <T> java.util.List<T> page(java.util.List<T> all, java.util.function.Function<T, String> id,
      String after, int limit) {
    int start = 0;
    if (after != null) {
      for (int i = 0; i < all.size(); i++) {
        if (id.apply(all.get(i)).equals(after)) {
          start = i + 1;
        }
      }
    }
    return all.subList(Math.min(start, all.size()), Math.min(all.size(), start + limit));
  }
}
