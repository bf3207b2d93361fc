package org.ihlbench.transforms.providers;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * One HTTP client per JVM for each HTTP version: clients own connection pools and threads, are
 * expensive to build and safe to share between DoFn instances.
 */
final class HttpClients {
  private static volatile HttpClient http1;
  private static volatile HttpClient http2;

  private HttpClients() {}

  /** HTTP/2 for https (ALPN); plain HTTP/1.1 for http, where an h2c upgrade only costs time. */
  static HttpClient forUrl(String url) {
    return url.startsWith("https://") ? h2() : h1();
  }

  private static HttpClient h1() {
    if (http1 == null) {
      synchronized (HttpClients.class) {
        if (http1 == null) {
          http1 = build(HttpClient.Version.HTTP_1_1);
        }
      }
    }
    return http1;
  }

  private static HttpClient h2() {
    if (http2 == null) {
      synchronized (HttpClients.class) {
        if (http2 == null) {
          http2 = build(HttpClient.Version.HTTP_2);
        }
      }
    }
    return http2;
  }

  private static HttpClient build(HttpClient.Version version) {
    return HttpClient.newBuilder()
        .version(version)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}
