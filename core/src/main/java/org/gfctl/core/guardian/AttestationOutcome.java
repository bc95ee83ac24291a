package org.gfctl.core.guardian;

import java.security.cert.X509Certificate;
import java.util.List;
import org.gfctl.policy.attestation.RuleResult;

/**
 * The outcome of an attestation: every rule checked and, when all passed, the health certificate.
 *
 * @param healthCertificate null when the attestation failed
 * @param evidenceDigest {@link AttestationEvidence#digest()} of the evidence judged, which its audit entry records
 */
public record AttestationOutcome(long attestationId, String hostName, boolean passed, String policyName,
        String policyDigest, List<RuleResult> rules, X509Certificate healthCertificate, String evidenceDigest) {

    /** The failed rules, one line each, with expected and actual values. */
    public String failures() {
        StringBuilder b = new StringBuilder();
        for (RuleResult r : rules) {
            if (!r.passed()) {
                b.append("\n  - ").append(r.explanation());
            }
        }
        return b.toString();
    }
}
