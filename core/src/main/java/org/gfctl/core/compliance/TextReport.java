package org.gfctl.core.compliance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.policy.compliance.Control;

/**
 * The report for a reader at a terminal: aligned columns, one block per capability.
 *
 * <p>Plain ASCII apart from the text it quotes, so it pastes into tickets and e-mails.
 */
public final class TextReport implements ReportFormat {

    @Override
    public String render(ComplianceReport r) {
        StringBuilder b = new StringBuilder();
        b.append("Compliance report for fabric ").append(r.fabricId()).append('\n');
        b.append("generated ").append(r.generatedAt()).append(", store ").append(r.store()).append('\n');
        b.append("cryptoperiod ").append(Plain.span(r.settings().cryptoperiod())).append(", verification window ")
                .append(Plain.span(r.settings().verificationWindow())).append(", period ")
                .append(Plain.span(r.settings().period())).append('\n');
        for (FrameworkResult f : r.frameworks()) {
            b.append('\n').append("== ").append(f.framework().title()).append(" (").append(f.framework().id()).append("): ")
                    .append(f.count(Finding.SATISFIED)).append(" satisfied, ").append(f.count(Finding.NOT_SATISFIED))
                    .append(" not satisfied, ").append(f.count(Finding.NOT_APPLICABLE)).append(" not applicable");
            List<String> unmet = f.capabilities().stream().flatMap(c -> c.controls().stream())
                    .filter(x -> x.notMetBy() != null).map(Control::id).toList();
            if (!unmet.isEmpty()) {
                b.append("; controls this evidence cannot satisfy: ").append(String.join(", ", unmet));
            }
            b.append('\n');
            for (CapabilityResult c : f.capabilities()) {
                capability(b, c);
            }
        }
        keys(b, r.keys());
        return b.toString();
    }

    private static void capability(StringBuilder b, CapabilityResult c) {
        Assessment a = c.assessment();
        b.append('\n').append(String.format("%-16s %s%n", "[" + a.finding().words() + "]", c.capability().title()));
        int width = c.controls().stream().mapToInt(x -> x.id().length()).max().orElse(0);
        for (Control x : c.controls()) {
            b.append(String.format("  control   %-" + width + "s  %s%n", x.id(), x.title()));
            if (x.notMetBy() != null) {
                b.append(String.format("            %-" + width + "s  [not satisfied] %s%n", "", x.notMetBy()));
            }
        }
        if (c.notMapped() != null) {
            b.append("  controls  none: ").append(c.notMapped()).append('\n');
        }
        b.append("  finding   ").append(a.reason()).append('\n');
        for (Observation o : a.observations()) {
            b.append(String.format("  evidence  %-7s %s: %s%n", o.method(), o.title(), o.description()));
            if (o.digest() != null) {
                b.append("            sha256 ").append(o.digest()).append(" of ").append(o.digestOf()).append('\n');
            }
        }
        for (String n : c.notes()) {
            b.append("  NOTE      ").append(n).append('\n');
        }
    }

    private static void keys(StringBuilder b, KeyInventory k) {
        b.append("\n== Key inventory (cryptoperiod ").append(Plain.span(k.cryptoperiod())).append(")\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VOLUME", "UUID", "CIPHER", "BITS", "CREATED", "LAST ROTATION", "ROTATE BY", "STATUS"});
        for (KeyInventory.VolumeKey v : k.volumes()) {
            rows.add(new String[] {v.name(), v.uuid(), v.cipher(), Integer.toString(v.keyBits()), day(v.created()),
                v.rotated() == null ? "never" : day(v.rotated()), day(v.cryptoperiodEnd()), v.exceeded() ? "EXCEEDED" : "ok"});
        }
        table(b, rows);
        for (KeyInventory.VolumeKey v : k.volumes()) {
            for (String rcp : v.recipients()) {
                b.append("  ").append(v.name()).append(" recipient ").append(rcp).append('\n');
            }
        }
        b.append("\n== Guardian keys\n");
        List<String[]> g = new ArrayList<>();
        g.add(new String[] {"ROLE", "SUBJECT", "FINGERPRINT", "NOT BEFORE", "NOT AFTER"});
        for (GuardianCertificate c : k.guardian()) {
            g.add(new String[] {c.role(), c.subject(), c.fingerprint(), c.notBefore().toString(), c.notAfter().toString()});
        }
        table(b, g);
        b.append("\n== Guardian key history (audit log)\n");
        if (k.guardianHistory().isEmpty()) {
            b.append("  no guardian key creation or rotation recorded\n");
            return;
        }
        List<String[]> h = new ArrayList<>();
        h.add(new String[] {"ENTRY", "TIME", "ACTION", "KEY", "RESULT"});
        for (GuardianKeyEvent e : k.guardianHistory()) {
            h.add(new String[] {Long.toString(e.seq()), e.time().toString(), e.action(),
                e.keyFingerprint() == null ? "-" : e.keyFingerprint(), e.result()});
        }
        table(b, h);
        if (!k.guardianHistoryVerified()) {
            b.append("  NOT EVIDENCE: the audit log did not verify, so these rows may have been altered\n");
        } else if (k.guardianEventsUnsigned() > 0) {
            b.append("  ").append(Plain.count(k.guardianEventsUnsigned(), "later event"))
                    .append(" left out: no signed checkpoint covers them yet\n");
        }
        if (k.guardianInUseSince() != null) {
            b.append("  key in use since ").append(k.guardianInUseSince()).append(", rotate by ").append(k.guardianRotateBy())
                    .append(k.guardianExceeded() ? " (EXCEEDED)" : "").append('\n');
        }
    }

    private static void table(StringBuilder b, List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + w[i] + "s  ", row[i]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String day(Instant t) {
        return t.toString().substring(0, 10);
    }
}
