package org.ihlbench.pipeline;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.pipeline.cli.PowerCommand;
import org.junit.BeforeClass;
import org.junit.Test;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The demo end to end on the Direct runner, and its report rendered in headless Chromium. */
public class EndToEndDirectTest extends EndToEndChecks {
  @BeforeClass
  public static void run() throws Exception {
    runner = "DirectRunner";
    runTheDemo("direct-e2e", "--runner=DirectRunner");
  }

  @Test
  public void theReportRendersInHeadlessChromiumWithoutScriptErrors() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require();
    Path report = runDir.resolve("report.html");
    assertTrue(report + " exists", Files.isRegularFile(report));
    Path work = Files.createTempDirectory(TMP.getRoot().toPath(), "chromium");

    Path png = chromium.screenshot(report, 1400, 3000, work);
    assertTrue("the screenshot was written", Files.isRegularFile(png));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1400, image.getWidth());
    assertEquals(3000, image.getHeight());
    // A page of charts, tables and text has many colours; a blank or error page has a handful.
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue("colours in the screenshot: " + colours.size(), colours.size() > 200);

    String dom = chromium.dumpDom(report, work);
    assertTrue("the report's last script ran without errors",
        dom.contains("data-report-ready=\"yes\""));
    assertTrue("no script errors recorded",
        dom.contains("<pre id=\"script-errors\" hidden=\"\"></pre>"));
    assertTrue(dom.contains("<svg"));
  }

  @Test
  public void theChromiumCheckCatchesAScriptError() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require();
    Path work = Files.createTempDirectory(TMP.getRoot().toPath(), "broken");
    Path broken = work.resolve("report.html");
    Files.writeString(broken, Files.readString(runDir.resolve("report.html"))
        .replace("<footer>", "<script>undefinedReportFunction();</script><footer>"));
    String dom = chromium.dumpDom(broken, work);
    assertTrue(dom.contains("data-report-ready=\"errors\""));
    assertTrue(dom.contains("undefinedReportFunction"));
  }

  @Test
  public void thePowerCommandPlansFromTheDemoAsAPilot() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream ps = new java.io.PrintStream(out, true, "UTF-8");
    ExitCode code = new PowerCommand().execute(new String[] {"--run=" + runDir, "--difference=0.1"},
        ps, ps);
    String text = out.toString("UTF-8");
    assertEquals(text, ExitCode.OK, code);
    // Two models, baseline -> ihl-safety, 24 violation prompts x 3 seeds in the pilot.
    assertTrue(text, text.contains("sim-cautious") && text.contains("sim-lax"));
    assertTrue(text, text.contains("baseline -> ihl-safety"));
    assertTrue(text, text.contains("24x3"));
  }
}
