package org.gfctl.core.compliance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfctl.policy.compliance.Capability;
import org.gfctl.policy.compliance.Catalogue;
import org.gfctl.policy.compliance.Framework;
import org.gfctl.policy.compliance.Mapping;

/**
 * Builds a compliance report: measures the fabric once, then maps the assessments onto each framework's controls.
 *
 * <p>The clock is injected so reports (and golden files) are reproducible; the audit evidence
 * is injected so the audit log can plug in without this class changing.
 */
public final class ComplianceReportBuilder {
    private final Catalogue catalogue;
    private final ComplianceSettings settings;
    private final AuditEvidence audit;
    private final Clock clock;

    public ComplianceReportBuilder(Catalogue catalogue, ComplianceSettings settings, AuditEvidence audit, Clock clock) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The report for {@code framework} (an id from the catalogue, or {@code all}) on {@code facts}.
     *
     * @throws org.gfctl.core.UsageException naming the known frameworks if there is no such framework
     */
    public ComplianceReport build(String framework, FabricFacts facts) {
        List<Framework> selected;
        try {
            selected = catalogue.select(framework);
        } catch (IllegalArgumentException e) {
            throw new org.gfctl.core.UsageException(e.getMessage());
        }
        Instant now = clock.instant();
        Optional<AuditEvidence.Summary> summary = audit.summary();
        KeyInventory keys = KeyInventory.of(facts, summary, settings.cryptoperiod(), now);
        AccessChecks access = new AccessChecks(facts, settings, now);
        IntegrityChecks integrity = new IntegrityChecks(facts, settings, now);
        Map<String, Assessment> assessments = new LinkedHashMap<>();
        for (Assessment a : List.of(access.separationOfDuties(), access.leastPrivilege(), access.sharedResources(),
                integrity.dataAtRest(), integrity.integrityMonitoring(summary), integrity.keyManagement(keys))) {
            assessments.put(a.capability(), a);
        }
        List<FrameworkResult> results = new ArrayList<>();
        for (Framework f : selected) {
            List<CapabilityResult> caps = new ArrayList<>();
            for (Capability c : catalogue.capabilities()) {
                Assessment a = assessments.get(c.id());
                if (a == null) {
                    throw new org.gfctl.core.Bug("the catalogue names capability " + c.id() + " that no rule assesses");
                }
                Mapping m = f.mapping(c.id()).orElseThrow();
                caps.add(new CapabilityResult(c, m.controls(), m.notApplicable(), m.notes(), a));
            }
            results.add(new FrameworkResult(f, caps));
        }
        return new ComplianceReport(now, facts.fabricId(), facts.store(), settings, summary.orElse(null), keys, results);
    }
}
