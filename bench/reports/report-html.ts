// The same service report as HTML, for the comparison the issue names: what a user would otherwise
// do is print an HTML report to PDF with Chromium (`page.pdf()`). Same content, photos and fonts.
import type { ReportPdfData } from '../../desktop/main/core/pdf/report-pdf-data.js';
import { formatDateTime, formatDay, formatMinutes } from '../../desktop/main/core/pdf/service-report-pdf.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function reportHtml(data: ReportPdfData, contentHash: string): string {
  const r = data.report;
  const tz = data.timeZone;
  const row = (a: string, b: string) => `<tr><th>${esc(a)}</th><td>${esc(b || '—')}</td></tr>`;
  const section = (t: string, body: string) => `<h2>${esc(t)}</h2><p>${esc(body || '—')}</p>`;
  const photos = data.photos
    .map((p) => `<figure><img src="data:image/jpeg;base64,${p.jpeg ? Buffer.from(p.jpeg).toString('base64') : ''}"><figcaption><b>${esc(p.tag)}</b> ${esc(p.caption)}</figcaption></figure>`)
    .join('');
  const parts = r.parts.map((p) => `<tr><td>${esc(p.partNumber)}</td><td>${esc(p.description)}</td><td>${p.quantity}</td><td>${esc(p.fittedSerial)}</td><td>${esc(p.removedSerial)}</td></tr>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{font-family:'DejaVu Sans',sans-serif;font-size:9.5pt;color:#1a1a1a;margin:0}
h1{font-size:17pt;margin:8px 0}h2{font-size:11.5pt;border-bottom:0.5pt solid #c8c8c8;margin:12px 0 4px}
.head{display:flex;justify-content:space-between;border-bottom:1pt solid #1a1a1a;padding-bottom:6px}
.head img{max-width:110pt;max-height:48pt}.org{text-align:right}.org b{font-size:15pt}
table{border-collapse:collapse;width:100%}th{text-align:left;color:#5c5c5c;font-weight:normal;width:92pt}
.parts th{background:#efefef;color:#1a1a1a;font-weight:bold}.parts td{border-bottom:0.3pt solid #c8c8c8;padding:3pt}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:10pt}figure{margin:0;break-inside:avoid}figure img{width:100%}
.sig img{max-width:220pt;max-height:80pt}
</style></head><body>
<div class="head">${data.letterhead.logoDataUrl ? `<img src="${data.letterhead.logoDataUrl}">` : '<span></span>'}<div class="org"><b>${esc(data.letterhead.organisationName)}</b><br>${esc(data.letterhead.address)}<br>${esc(data.letterhead.phone)} · ${esc(data.letterhead.email)}</div></div>
<h1>Service report ${esc(r.number ?? '(draft)')}</h1><p>Revision ${r.revision} · Status: ${esc(r.status)}</p>
<h2>Case and equipment</h2><table>${row('Case', `${data.case.number} — ${data.case.title}`)}${row('Customer', data.customer?.name ?? '')}${row('Site', data.site?.name ?? '')}${row('Site address', data.site?.address ?? '')}${row('Projector', data.projector?.model ?? '')}${row('Serial number', data.projector?.serial ?? '')}${row('Warranty', data.coverage.inWarranty ? 'Covered' : 'Not covered')}${row('Service contract', data.coverage.underContract ? 'Covered' : 'Not covered')}</table>
<h2>Visit</h2><table>${row('Engineer', data.engineerName)}${row('Planned', data.visit ? `${formatDay(data.visit.date)} ${data.visit.start}` : '')}${row('Checked in', formatDateTime(r.checkInAt, tz))}${row('Checked out', formatDateTime(r.checkOutAt, tz))}${row('Time spent', formatMinutes(r.timeSpentMinutes))}</table>
${section('Diagnosis', r.diagnosis)}${section('Work performed', r.workPerformed)}${section('Tests and calibration', r.testsPerformed)}${section('Root cause', r.rootCause)}${section('Resolution', r.resolution)}${section('Next steps', r.nextSteps)}
<h2>Parts</h2><table class="parts"><tr><th>Part number</th><th>Description</th><th>Qty</th><th>Fitted serial</th><th>Removed serial</th></tr>${parts}</table>
<h2>Customer feedback</h2><p><b>Satisfaction: ${r.satisfaction ?? '—'} of 5</b><br>${esc(r.customerFeedback)}</p>
<h2>Photos</h2><div class="grid">${photos}</div>
<h2>Customer sign-off</h2><div class="sig">${r.signature ? `<img src="${r.signature.imagePng}"><p>Signed by ${esc(r.signature.signerName)} on ${esc(formatDateTime(r.signature.signedAt, tz))}</p>` : `<p>Not signed: ${esc(r.noSignatureReason)}</p>`}</div>
<p style="font-size:7.5pt;color:#5c5c5c">Content hash (SHA-256): ${contentHash}</p>
</body></html>`;
}

/** Chromium's footer template: page X of Y and the short hash on every page, like the pdfkit footer. */
export function footerTemplate(label: string, shortHash: string): string {
  return `<div style="font-size:7.5pt;color:#5c5c5c;width:100%;margin:0 42pt;display:flex;justify-content:space-between"><span>${esc(label)} · Content hash ${shortHash}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}
