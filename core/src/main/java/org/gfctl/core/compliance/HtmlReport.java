package org.gfctl.core.compliance;

import org.gfctl.policy.compliance.Control;

/**
 * The report as one self-contained HTML page (inline CSS, no script, no external resource).
 *
 * <p>Every value from the store or the catalogue is escaped: volume and host names are chosen by
 * users and must not become markup in an auditor's browser.
 */
public final class HtmlReport implements ReportFormat {
    private static final String CSS = "body{font-family:sans-serif;margin:2em;max-width:70em}"
            + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;"
            + "vertical-align:top}.satisfied{color:#060}.not-satisfied{color:#a00;font-weight:bold}.not-applicable{color:#666}"
            + ".note{background:#fff4d0;padding:.3em}code{font-size:.85em}";

    @Override
    public String render(ComplianceReport r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Compliance report ")
                .append(esc(r.fabricId())).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<h1>Compliance report for fabric ").append(esc(r.fabricId())).append("</h1>\n<p>Generated ")
                .append(esc(r.generatedAt().toString())).append(", store <code>").append(esc(r.store()))
                .append("</code>; cryptoperiod ").append(esc(Plain.span(r.settings().cryptoperiod())))
                .append(", verification window ").append(esc(Plain.span(r.settings().verificationWindow()))).append(".</p>\n");
        for (FrameworkResult f : r.frameworks()) {
            b.append("<h2>").append(esc(f.framework().title())).append("</h2>\n");
            for (CapabilityResult c : f.capabilities()) {
                capability(b, c);
            }
        }
        b.append("<h2>Key inventory</h2>\n<table>\n<tr><th>Volume</th><th>UUID</th><th>Cipher</th><th>Key bits</th>"
                + "<th>Created</th><th>Last rotation</th><th>Rotate by</th><th>Recipients</th></tr>\n");
        for (KeyInventory.VolumeKey v : r.keys().volumes()) {
            b.append("<tr><td>").append(esc(v.name())).append("</td><td>").append(esc(v.uuid())).append("</td><td>")
                    .append(esc(v.cipher())).append("</td><td>").append(v.keyBits()).append("</td><td>")
                    .append(esc(v.created().toString())).append("</td><td>")
                    .append(v.rotated() == null ? "never" : esc(v.rotated().toString())).append("</td><td class=\"")
                    .append(v.exceeded() ? "not-satisfied" : "satisfied").append("\">").append(esc(v.cryptoperiodEnd().toString()))
                    .append("</td><td>").append(esc(String.join("\n", v.recipients())).replace("\n", "<br>")).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Guardian keys</h2>\n<table>\n<tr><th>Role</th><th>Subject</th><th>Fingerprint</th>"
                + "<th>Not before</th><th>Not after</th></tr>\n");
        for (GuardianCertificate g : r.keys().guardian()) {
            b.append("<tr><td>").append(esc(g.role())).append("</td><td>").append(esc(g.subject())).append("</td><td><code>")
                    .append(esc(g.fingerprint())).append("</code></td><td>").append(esc(g.notBefore().toString()))
                    .append("</td><td>").append(esc(g.notAfter().toString())).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Guardian key history (audit log)</h2>\n<table>\n<tr><th>Entry</th><th>Time</th>"
                + "<th>Action</th><th>Key</th><th>Result</th></tr>\n");
        for (GuardianKeyEvent e : r.keys().guardianHistory()) {
            b.append("<tr><td>").append(e.seq()).append("</td><td>").append(esc(e.time().toString())).append("</td><td>")
                    .append(esc(e.action())).append("</td><td><code>").append(esc(String.valueOf(e.keyFingerprint())))
                    .append("</code></td><td>").append(esc(e.result())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        if (!r.keys().guardianHistoryVerified()) {
            b.append("<p><b>Not evidence:</b> the audit log did not verify, so these rows may have been altered.</p>\n");
        } else if (r.keys().guardianEventsUnsigned() > 0) {
            b.append("<p>").append(esc(Plain.count(r.keys().guardianEventsUnsigned(), "later event")))
                    .append(" left out: no signed checkpoint covers them yet.</p>\n");
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private static void capability(StringBuilder b, CapabilityResult c) {
        Assessment a = c.assessment();
        String css = a.finding().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        b.append("<h3>").append(esc(c.capability().title())).append(": <span class=\"").append(css).append("\">")
                .append(esc(a.finding().words())).append("</span></h3>\n<p>").append(esc(a.reason())).append("</p>\n");
        if (c.notMapped() != null) {
            b.append("<p>No control mapped: ").append(esc(c.notMapped())).append("</p>\n");
        } else {
            b.append("<ul>\n");
            for (Control x : c.controls()) {
                b.append("<li><b>").append(esc(x.id())).append("</b> ").append(esc(x.title()));
                if (x.notMetBy() != null) {
                    b.append(" <span class=\"not-satisfied\">not satisfied</span>: ").append(esc(x.notMetBy()));
                }
                b.append("</li>\n");
            }
            b.append("</ul>\n");
        }
        for (String n : c.notes()) {
            b.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        }
        b.append("<table>\n");
        for (Observation o : a.observations()) {
            b.append("<tr><td>").append(o.method()).append("</td><td>").append(esc(o.title())).append("</td><td>")
                    .append(esc(o.description()));
            if (o.digest() != null) {
                b.append("<br><code>sha256 ").append(esc(o.digest())).append("</code> of ").append(esc(o.digestOf()));
            }
            b.append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
