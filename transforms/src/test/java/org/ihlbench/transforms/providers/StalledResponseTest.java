package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.ratelimit.Backoff;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * A server on loopback that sends a response's headers and the start of its body, then goes
 * silent. The request timeout stops at the headers, so only the call's deadline ends the wait:
 * every sample must still end, as a timeout error after its attempts, and the run must finish.
 */
public class StalledResponseTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  private ServerSocket server;
  private final List<Socket> held = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private Thread acceptor;

  @Before
  public void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          synchronized (held) {
            held.add(s);
          }
          Thread reader = new Thread(() -> answerThenStall(s));
          reader.setDaemon(true);
          reader.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void answerThenStall(Socket s) {
    try {
      InputStream in = s.getInputStream();
      // Read the request head and its body (Content-Length) before answering.
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        head.append((char) c);
      }
      String h = head.toString().toLowerCase();
      int at = h.indexOf("content-length:");
      int length = at < 0 ? 0 : Integer.parseInt(h.substring(at + 15, h.indexOf('\r', at)).trim());
      in.readNBytes(length);
      requests.incrementAndGet();
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
          + "{\"choices\":[{\"message\":").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // ...and nothing more: the connection stays open until the test ends.
    } catch (IOException | NumberFormatException e) {
      // the test's end closes the socket
    }
  }

  @After
  public void stop() throws IOException {
    server.close();
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** Without the deadline this test hung for good; with it, it takes about 6 s. */
  @Test(timeout = 120_000)
  public void aBodyThatStallsAfterItsHeadersEndsAsATimeoutErrorAfterItsAttempts() {
    String baseUrl = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    Endpoint stalling = new Endpoint("stalling", "simulator", "openai", baseUrl, "m",
        TestRecords.KEY_ENV, "{\"max_tokens\":50}", "stalling-bucket", 0, 0, 0, 0,
        1 /* s timeout */, 2 /* attempts */, 4, null);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      samples.add(TestRecords.sample("s" + i, "stalling", "baseline", "p" + i, "Request " + i, 1));
    }
    PCollection<Transcript> out = p
        .apply(Create.of(samples).withCoder(Records.coder(Sample.class)))
        .apply(Generate.with(Map.of("stalling", stalling), Map.of(), CallSettings.of("stall", null))
            .withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50))));
    PAssert.that(out).satisfies(all -> {
      int n = 0;
      for (Transcript t : all) {
        n++;
        assertEquals(ResponseOutcome.error, t.getResponse().getOutcome());
        assertEquals("timeout", t.getResponse().getErrorClass());
        assertTrue(t.getResponse().getErrorMessage(),
            t.getResponse().getErrorMessage().contains("deadline"));
        assertEquals(2, t.getResponse().getAttempts());
      }
      assertEquals(3, n);
      return null;
    });
    p.run().waitUntilFinish();
    assertEquals("two attempts per sample", 6, requests.get());
  }
}
