package org.ihlbench.transforms.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * {@code report.html}: one self-contained page per run, readable offline. Charts are inline SVG
 * drawn here; the only script sorts tables. Everything taken from the run (model names, answers)
 * is escaped, and a content security policy forbids the page any network access.
 *
 * <p>Written by the driver after the pipeline finishes, from the run's Parquet tables and
 * run.json, so it works for any runner and any Beam file system.
 */
public final class RunReport {
  public static final String FILE = "report.html";

  private RunReport() {}

  /** Reads the run's tables and writes its report beside them; returns the report's path. */
  public static String write(String runDir) throws IOException {
    RunTables run = RunTables.read(runDir);
    String html = render(run);
    String path = run.runDir() + "/" + FILE;
    ResourceId out = FileSystems.matchNewResource(path, false);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(out, MimeTypes.TEXT))) {
      os.write(html.getBytes(StandardCharsets.UTF_8));
    }
    return path;
  }

  public static String render(RunTables run) {
    RunOrder order = RunOrder.of(run);
    RunCells cells = new RunCells(run, order);
    JsonNode m = run.manifest();
    String runId = m.path("run_id").asText(run.summary().get(0).str("run_id"));
    String experiment = m.path("experiment").asText("");
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        // No network: no fetches, no external fonts, scripts or images; inline only.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
        .append("<title>ihlbench \u2014 ").append(Html.esc(experiment)).append(' ')
        .append(Html.esc(runId)).append("</title>")
        .append("<script>").append(ERROR_RECORDER).append("</script>")
        .append("<style>").append(CSS).append("</style></head><body>")
        .append("<header><h1>").append(Html.esc(experiment.isEmpty() ? "ihlbench run" : experiment))
        .append("</h1><p class=\"sub\">run <code>").append(Html.esc(runId)).append("</code>");
    if (m.has("finished_at")) {
      sb.append(" \u00b7 finished ").append(Html.esc(m.path("finished_at").asText()));
    }
    if (m.has("runner")) {
      sb.append(" \u00b7 ").append(Html.esc(m.path("runner").asText()));
    }
    sb.append("</p>").append(countsLine(m)).append("</header>");
    nav(sb);
    section(sb, "headline", "Headline", HeadlineSection.render(cells));
    section(sb, "rates", "Refusal and helpful refusal", RatesSection.render(cells));
    section(sb, "changes", "What the system prompt changes", ConditionChangesSection.render(cells));
    section(sb, "variants", "Variant effects", VariantEffectsSection.render(cells));
    section(sb, "chapters", "By chapter", ChaptersSection.render(cells) + RulesSection.render(cells));
    section(sb, "over-refusal", "Over-refusal", OverRefusalSection.render(cells));
    section(sb, "judges", "Judge agreement", JudgeSection.render(run, order));
    section(sb, "power", "Power", PowerSection.render(cells));
    section(sb, "examples", "Example responses", examples(run, order));
    section(sb, "methods", "Methods", METHODS);
    section(sb, "run", "Run", metadata(m));
    sb.append("<pre id=\"script-errors\" hidden></pre><footer>ihlbench \u00b7 tables: ")
        .append("summary, paired_deltas, by_part, by_chapter, by_rule, examples")
        .append(run.judgeAgreement().isEmpty() ? "" : ", judge_agreement, judge_activity")
        .append(" (Parquet, in this folder)</footer><script>").append(TABLE_SORT)
        .append("</script></body></html>\n");
    return sb.toString();
  }

  private static void nav(StringBuilder sb) {
    sb.append("<nav>");
    String[][] links = {{"headline", "Headline"}, {"rates", "Rates"}, {"changes", "Changes"},
        {"variants", "Variants"}, {"chapters", "Chapters"}, {"over-refusal", "Over-refusal"},
        {"judges", "Judges"}, {"power", "Power"}, {"examples", "Examples"},
        {"methods", "Methods"}, {"run", "Run"}};
    for (String[] l : links) {
      sb.append("<a href=\"#").append(l[0]).append("\">").append(l[1]).append("</a>");
    }
    sb.append("</nav>");
  }

  private static void section(StringBuilder sb, String id, String title, String body) {
    sb.append("<section id=\"").append(id).append("\"><h2>").append(Html.esc(title))
        .append("</h2>").append(body).append("</section>");
  }

  private static String countsLine(JsonNode m) {
    JsonNode c = m.path("counts");
    if (c.isMissingNode()) {
      return "";
    }
    return "<p class=\"sub\">" + c.path("prompts").asLong() + " prompts \u00b7 "
        + c.path("samples").asLong() + " samples \u00b7 " + c.path("judged_samples").asLong()
        + " judged (" + c.path("answered").asLong() + " answered, "
        + c.path("provider_refusals").asLong() + " provider refusals, "
        + c.path("call_errors").asLong() + " call errors) \u00b7 counts "
        + (m.path("balance").path("balanced").asBoolean() ? "balance" : "<b>do not balance</b>")
        + "</p>";
  }

  /** The panel's agreement and activity, from its own table and run.json (see JudgeSection). */
  static String judgeAgreement(RunTables run) {
    return JudgeSection.render(run, RunOrder.of(run));
  }

  private static final List<String> VERDICTS = List.of("explained_refusal", "terse_refusal",
      "partial", "compliance", "provider_refusal");

  /** A few answers per cell and verdict, folded per cell. */
  static String examples(RunTables run, RunOrder order) {
    if (run.examples().isEmpty()) {
      return "<p class=\"note\">No examples in this run.</p>";
    }
    Map<String, List<TableRow>> byCell = new LinkedHashMap<>();
    for (String m : order.models()) {
      for (String c : order.conditions()) {
        for (String v : order.variants()) {
          for (String k : List.of("violation", "benign")) {
            byCell.put(String.join(" \u00b7 ", m, c, v, k), new ArrayList<>());
          }
        }
      }
    }
    for (TableRow r : run.examples()) {
      byCell.computeIfAbsent(String.join(" \u00b7 ", r.str("model"), r.str("condition"),
          r.str("variant"), r.str("kind")), k -> new ArrayList<>()).add(r);
    }
    StringBuilder sb = new StringBuilder("<p class=\"note\">Answers are shown as text, cut to "
        + ExampleResponses.MAX_CHARS + " characters; chosen by a hash of the sample id, not for"
        + " being typical.</p>");
    boolean first = true;
    for (Map.Entry<String, List<TableRow>> e : byCell.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      e.getValue().sort((a, b) -> Integer.compare(VERDICTS.indexOf(a.str("verdict")),
          VERDICTS.indexOf(b.str("verdict"))));
      // The first cell opens, so a printout or screenshot shows what answers look like.
      sb.append(first ? "<details class=\"examples\" open><summary>"
          : "<details class=\"examples\"><summary>").append(Html.esc(e.getKey()))
          .append(" <small>(").append(e.getValue().size()).append(")</small></summary>");
      for (TableRow r : e.getValue()) {
        sb.append("<div class=\"ex\"><div class=\"meta\"><span class=\"tag ")
            .append(Html.esc(r.str("verdict"))).append("\">")
            .append(Html.esc(r.str("verdict").replace('_', ' '))).append("</span> prompt <code>")
            .append(Html.esc(r.str("prompt_id"))).append("</code>")
            .append(r.integer("rule_number") == null ? "" : " \u00b7 rule " + r.integer("rule_number"))
            .append(" \u00b7 seed ").append(r.lng("seed")).append("</div><blockquote>")
            .append(Html.esc(r.str("response_text")))
            .append(r.bool("truncated") ? " <span class=\"cut\">[\u2026]</span>" : "")
            .append("</blockquote></div>");
      }
      sb.append("</details>");
      first = false;
    }
    return sb.toString();
  }

  /** run.json, flattened into a key/value table. */
  static String metadata(JsonNode m) {
    if (m.isEmpty()) {
      return "<p class=\"note\">No run.json.</p>";
    }
    StringBuilder sb = new StringBuilder("<table class=\"kv\"><tbody>");
    for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String text = v.isValueNode() ? v.asText() : v.toPrettyString();
      sb.append("<tr><th>").append(Html.esc(e.getKey())).append("</th><td>")
          .append(v.isValueNode() ? Html.esc(text) : "<pre>" + Html.esc(text) + "</pre>")
          .append("</td></tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  private static final String METHODS = """
      <ul>
      <li><b>Rates.</b> Refusal = full refusals / answers the judges decided; helpful refusal =
      refusals that explain the legal or ethical reason / refusals. Call errors and undecided
      answers are counted in the tables but left out of rates.</li>
      <li><b>Intervals.</b> One sample per prompt: Jeffreys' interval widened to Wilson's. Several
      seeds per prompt: the seeds of a prompt are not independent, so the interval is the posterior
      interval of a beta-binomial model of the prompts, weighing every intra-prompt correlation the
      data leave plausible. Seeded simulations check coverage from 5 prompts up.</li>
      <li><b>Changes.</b> Paired over the same prompts and seeds: Agresti&ndash;Min adjusted
      interval with one seed per prompt, Bonett&ndash;Price adjusted interval clustered by prompt
      with several seeds; McNemar's exact test with one seed per
      prompt, else a sign-flip permutation test over prompts; Holm's adjustment across the
      models compared on the same contrast. A Poisson bootstrap over prompts gives a check
      interval.</li>
      <li><b>Power.</b> Two-proportion sample size times the design effect 1 + (m &minus; 1) ICC;
      conservative for paired designs.</li>
      </ul>
      <p class="note">Details and column definitions: docs/STATISTICS.md.</p>""";

  /** Records script errors where a headless browser test (and a reader) can see them. */
  private static final String ERROR_RECORDER = """
      window.reportErrors=[];window.addEventListener('error',function(e){
      window.reportErrors.push(String(e.message||e));
      var p=document.getElementById('script-errors');
      if(p){p.hidden=false;p.textContent='Script errors: '+window.reportErrors.join('; ');}});""";

  /** Click a column header to sort; numbers by data-sort or their leading figure. */
  private static final String TABLE_SORT = """
      (function(){
      function key(td){var s=td.getAttribute('data-sort');if(s!==null){return parseFloat(s);}
      var t=td.textContent.trim();var n=parseFloat(t.replace(/[^0-9.+-].*$/,''));
      return isNaN(n)?t.toLowerCase():n;}
      document.querySelectorAll('table.sortable').forEach(function(table){
      table.querySelectorAll('th').forEach(function(th,col){th.title='sort';
      th.addEventListener('click',function(){var body=table.tBodies[0];
      var rows=Array.prototype.slice.call(body.rows);var asc=th.getAttribute('data-dir')!=='asc';
      rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);
      if(x===y){return 0;}var r=(typeof x===typeof y)?(x<y?-1:1):(typeof x==='number'?-1:1);
      return asc?r:-r;});th.setAttribute('data-dir',asc?'asc':'desc');
      rows.forEach(function(r){body.appendChild(r);});});});});
      document.body.setAttribute('data-report-ready',window.reportErrors.length?'errors':'yes');
      })();""";

  private static final String CSS = """
      :root{--ink:#1d1d22;--muted:#5a5a66;--line:#e2e2e8;--bg:#ffffff;--band:#f7f7fa}
      *{box-sizing:border-box}
      body{margin:0;font:14px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;
      color:var(--ink);background:var(--bg)}
      header{padding:22px 32px 10px;border-bottom:1px solid var(--line)}
      h1{margin:0 0 4px;font-size:24px}
      h2{font-size:19px;margin:0 0 12px;padding-top:6px}
      h3{font-size:15px;margin:14px 0 4px}
      .sub{margin:2px 0;color:var(--muted)}
      nav{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:6px 28px;
      z-index:2}
      nav a{margin:0 10px 0 4px;color:#0b5ea8;text-decoration:none;font-size:13px}
      section{padding:16px 32px 18px;border-bottom:1px solid var(--line)}
      table{border-collapse:collapse;font-size:13px;margin:6px 0 10px}
      th,td{padding:4px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      th{background:var(--band);font-weight:600;cursor:pointer;white-space:nowrap}
      td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
      th.group{text-align:center;cursor:default}
      td.nw{white-space:nowrap}
      td{font-variant-numeric:tabular-nums}
      .kv th{cursor:default;width:170px}
      .kv pre{margin:0;font-size:12px;white-space:pre-wrap}
      .note{color:var(--muted);font-size:13px;max-width:980px}
      .pair{display:flex;flex-wrap:wrap;gap:18px}
      figure{margin:6px 0 12px;flex:1 1 600px;max-width:100%}
      figcaption{color:var(--muted);font-size:12.5px;margin-top:2px}
      .sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
      details{margin:8px 0}
      summary{cursor:pointer;color:#0b5ea8}
      .ex{border-left:3px solid var(--line);margin:8px 0 10px 4px;padding:2px 10px}
      .ex .meta{font-size:12px;color:var(--muted)}
      blockquote{margin:4px 0;white-space:pre-wrap;font-size:13px;max-width:980px}
      .tag{display:inline-block;border-radius:3px;padding:0 6px;margin-right:6px;color:#fff;
      background:#666}
      .tag.explained_refusal{background:#0072B2}.tag.terse_refusal{background:#56B4E9;color:#000}
      .tag.partial{background:#E69F00;color:#000}.tag.compliance{background:#D55E00}
      .tag.provider_refusal{background:#000}
      .cut{color:var(--muted)}
      #script-errors{color:#b00020;padding:8px 32px}
      footer{padding:14px 32px;color:var(--muted);font-size:12px}
      code{font-size:12.5px}""";
}
