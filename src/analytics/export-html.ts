import type { CampaignReport, CampaignRow } from "./campaign-types.js";
import { basisOf, figureOf, METRIC_COLUMNS, NOT_AVAILABLE, notReadText } from "./export-rows.js";

/** Escapes text for HTML content and quoted attributes (OWASP XSS prevention, rule 1). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** A number as the page shows it (`12,345`), or "not available". */
function figure(value: number | undefined): string {
  return value === undefined ? NOT_AVAILABLE : value.toLocaleString("en");
}

/** A rate as a percentage with two decimals, or "not available". */
function percent(value: number | undefined): string {
  return value === undefined ? NOT_AVAILABLE : `${(value * 100).toFixed(2)} %`;
}

/** The cells of one row, escaped. */
function cells(label: string, row: CampaignRow): string {
  const values = [
    label,
    figure(row.counts.sent),
    figure(row.counts.failed),
    figure(row.counts.unknown),
    figure(row.counts.skipped),
    figure(row.posts),
    figure(row.measured),
    ...METRIC_COLUMNS.map((name) => figure(figureOf(row, name))),
    figure(row.engagement),
    percent(row.engagementRate),
    figure(row.linkClicks),
    [basisOf(row), notReadText(row) && `not read: ${notReadText(row)}`].filter(Boolean).join("; "),
  ];
  return values
    .map((v, i) => {
      const na = v === NOT_AVAILABLE ? ' class="na"' : "";
      return i === 0 ? `<th scope="row">${escapeHtml(v)}</th>` : `<td${na}>${escapeHtml(v)}</td>`;
    })
    .join("");
}

const HEAD = [
  "",
  "sent",
  "failed",
  "unknown",
  "skipped",
  "posts",
  "posts read",
  ...METRIC_COLUMNS,
  "engagement",
  "engagement rate",
  "link clicks",
  "figures",
];

/** A table of rows with a header. */
function table(id: string, caption: string, rows: Array<[string, CampaignRow]>): string {
  const head = HEAD.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows.map(([label, row]) => `<tr>${cells(label, row)}</tr>`).join("\n");
  return `<table id="${id}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Bars of engagement per platform, as inline SVG (no script, nothing loaded). */
function chart(report: CampaignReport): string {
  const rows = report.platforms.filter((p) => p.engagement !== undefined);
  if (rows.length === 0) return "<p>No platform reported engagement.</p>";
  const max = Math.max(1, ...rows.map((r) => r.engagement!));
  const barHeight = 22; // px per bar: ours, legible at the default font size
  const labelWidth = 120; // px left of the bars for "platform: figure": ours
  const barsWidth = 400; // px of the longest bar: ours, fits a laptop screen beside the labels
  const bars = rows
    .map((r, i) => {
      const width = Math.round((r.engagement! / max) * barsWidth);
      const y = i * (barHeight + 6);
      const label = escapeHtml(`${r.platform}: ${figure(r.engagement)}`);
      return `<rect x="${labelWidth}" y="${y}" width="${width}" height="${barHeight}" fill="#3b6ea5"/><text x="0" y="${y + 16}">${label}</text>`;
    })
    .join("");
  const height = rows.length * (barHeight + 6);
  return `<svg role="img" aria-label="Engagement per platform" width="${labelWidth + barsWidth + 40}" height="${height}" viewBox="0 0 ${labelWidth + barsWidth + 40} ${height}" font-size="13">${bars}</svg>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th[scope=row]{text-align:left}
td.na{color:#888;font-style:italic}`;

/**
 * A campaign report as one self-contained HTML page: the totals, a table per platform and per
 * target, a chart of engagement per platform (inline SVG), the tracked links with their clicks,
 * what is untraced and the sampling. Everything is escaped; no script, and a Content Security
 * Policy that forbids loading anything, so it opens offline and safely in any browser.
 */
export function toHtml(report: CampaignReport): string {
  const title = `Campaign report${report.deliveryId ? ` ${report.deliveryId}` : ""}`;
  const links = report.targets.flatMap((t) =>
    (t.links ?? []).map(
      (l) =>
        `<tr><th scope="row">${escapeHtml(t.target)}</th><td>${escapeHtml(l.sent)}</td><td>${escapeHtml(l.url)}</td><td${l.clicks === undefined ? ' class="na"' : ""}>${escapeHtml(figure(l.clicks))}</td></tr>`,
    ),
  );
  const untraced = report.untraced.map(
    (u) => `<li>${escapeHtml(`${u.target}: ${u.count} (${u.reason})`)}</li>`,
  );
  const warnings = report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Metrics read at <time datetime="${new Date(report.at).toISOString()}">${new Date(report.at).toISOString()}</time>. "${NOT_AVAILABLE}" marks a metric the platform does not give or that could not be read, never a zero. Posts of a target past ${figure(report.sampleSize)} are sampled (${escapeHtml(report.samplingMethod)}) and their figures estimated.</p>
${table("totals", "Totals", [["all platforms", report.totals]])}
<h2>Engagement per platform</h2>
${chart(report)}
${table(
  "platforms",
  "Per platform",
  report.platforms.map((row) => [row.platform ?? "", row]),
)}
${table(
  "targets",
  "Per target",
  report.targets.map((row) => [row.target, row]),
)}
${links.length > 0 ? `<table id="links"><caption>Tracked links</caption><thead><tr><th scope="col">target</th><th scope="col">sent</th><th scope="col">link</th><th scope="col">clicks</th></tr></thead><tbody>${links.join("")}</tbody></table>` : ""}
${untraced.length > 0 ? `<h2>Not traced</h2><ul id="untraced">${untraced.join("")}</ul>` : ""}
${warnings.length > 0 ? `<h2>Warnings</h2><ul id="warnings">${warnings.join("")}</ul>` : ""}
</body></html>
`;
}
