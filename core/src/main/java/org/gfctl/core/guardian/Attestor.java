package org.gfctl.core.guardian;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gfctl.core.AttestationFailedException;
import org.gfctl.core.Bug;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.store.AttestationRecord;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.HealthCertificates;
import org.gfctl.core.store.HostRecord;
import org.gfctl.policy.attestation.AttestationPolicy;
import org.gfctl.policy.attestation.RuleResult;
import org.gfctl.policy.attestation.Verdict;
import org.gfctl.tpm.key.TpmPublic;

/**
 * Runs one attestation: nonce, evidence checks, policy, durable record, and the health
 * certificate, or revocation of the host's certificates when it fails (fail closed).
 */
final class Attestor {
    private final Fabric fabric;
    private final FabricStore store;

    Attestor(Fabric fabric, FabricStore store) {
        this.fabric = fabric;
        this.store = store;
    }

    AttestationOutcome attest(HostRecord host, AttestationEvidence e, Optional<String> policyName) {
        String nonceHex = HexFormat.of().formatHex(e.nonce());
        store.nonces().consume(nonceHex, host.name(), Instant.now());
        AttestationPolicy policy = policyFor(host, policyName);
        Judged j = judge(host, e, policy);
        long id = store.attestations().add(new AttestationRecord(0, host.name(), nonceHex, j.passed() ? "pass" : "fail",
                policy.name(), policy.digest(), EvidenceCodec.encode(e), explain(j.rules()), Instant.now()));
        if (!j.passed()) {
            store.healthCertificates().revokeAll(host.name(), Instant.now());
            AttestationOutcome failed = new AttestationOutcome(id, host.name(), false, policy.name(), policy.digest(), j.rules(), null,
                    e.digest());
            throw new AttestationFailedException("host " + host.name() + " failed attestation " + id + " against policy "
                    + policy.name() + ":" + failed.failures());
        }
        Instant now = Instant.now();
        X509Certificate cert = HealthCertificateIssuer.issue(fabric.keys().attestationCa(), fabric.id(),
                new HealthCertificateIssuer.Facts(host.name(), host.group(), HexFormat.of().parseHex(host.ekPubDigest()),
                        HexFormat.of().parseHex(host.akName()), j.result().pcrs().digest(), policy.name(),
                        HexFormat.of().parseHex(policy.digest()), id),
                j.result().bindingKey().publicKey(), now, policy.healthCertificateLifetime());
        try {
            store.healthCertificates().add(new HealthCertificates.Issued(cert.getSerialNumber().toString(16), host.name(), id,
                    cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), cert.getEncoded(), null));
        } catch (CertificateEncodingException x) {
            throw new Bug("a certificate just issued encodes", x);
        }
        return new AttestationOutcome(id, host.name(), true, policy.name(), policy.digest(), j.rules(), cert, e.digest());
    }

    AttestationOutcome reverify(long id) {
        AttestationRecord r = store.attestations().find(id)
                .orElseThrow(() -> new NotFoundException("no attestation " + id + " in the store"));
        HostRecord host = store.hosts().find(r.hostName())
                .orElseThrow(() -> new NotFoundException("host " + r.hostName() + " of attestation " + id + " is gone"));
        AttestationEvidence e = EvidenceCodec.decode(r.evidence());
        AttestationPolicy policy = PolicyStore.attestation(store, r.policyName());
        Judged j = judge(host, e, policy);
        List<RuleResult> rules = new ArrayList<>(j.rules());
        if (!policy.digest().equals(r.policyDigest())) {
            rules.add(new RuleResult("policy", true, r.policyDigest(), policy.digest(),
                    "policy " + policy.name() + " changed since the attestation: judged with today's version"));
        }
        return new AttestationOutcome(id, host.name(), j.passed(), policy.name(), policy.digest(), rules, null, e.digest());
    }

    String adoptBaseline(HostRecord host, AttestationEvidence e) {
        store.nonces().consume(HexFormat.of().formatHex(e.nonce()), host.name(), Instant.now());
        EvidenceVerifier.Result r = EvidenceVerifier.verify(e, TpmPublic.parseTpm2b(host.akPublic()), e.nonce());
        if (!r.passed() || r.evidence().isEmpty()) {
            throw new AttestationFailedException("baseline of " + host.name() + " refused: its own evidence does not verify:"
                    + explain(r.checks()).lines().filter(l -> l.startsWith("FAIL")).map(l -> "\n  - " + l)
                            .collect(Collectors.joining()));
        }
        AttestationPolicy baseline = AttestationPolicy.baseline("baseline-" + host.name(), r.evidence().get(),
                AttestationPolicy.DEFAULT_LIFETIME);
        PolicyStore.put(store, baseline.toYaml());
        store.hosts().setPolicy(host.name(), baseline.name());
        return baseline.name();
    }

    private record Judged(EvidenceVerifier.Result result, List<RuleResult> rules, boolean passed) {}

    private Judged judge(HostRecord host, AttestationEvidence e, AttestationPolicy policy) {
        EvidenceVerifier.Result r = EvidenceVerifier.verify(e, TpmPublic.parseTpm2b(host.akPublic()), e.nonce());
        List<RuleResult> rules = new ArrayList<>(r.checks());
        if (r.evidence().isPresent()) {
            Verdict v = policy.evaluate(r.evidence().get());
            rules.addAll(v.results());
        }
        boolean passed = r.evidence().isPresent() && rules.stream().allMatch(RuleResult::passed);
        return new Judged(r, rules, passed);
    }

    private AttestationPolicy policyFor(HostRecord host, Optional<String> policyName) {
        String name = policyName.orElse(host.policyName());
        if (name == null) {
            throw new AttestationFailedException("host " + host.name() + " has no attestation policy: pass --policy FILE|NAME,"
                    + " or re-enroll it with --baseline");
        }
        return PolicyStore.attestation(store, name);
    }

    static String explain(List<RuleResult> rules) {
        return rules.stream().map(r -> (r.passed() ? "PASS " : "FAIL ") + r.explanation()).collect(Collectors.joining("\n"));
    }

    static String fingerprint(X509Certificate c) {
        return Certificates.fingerprint(c);
    }
}
