package org.gfctl.core.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gfctl.core.AttestationFailedException;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.host.HostState;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.testing.Tools;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.pcr.PcrSelection;
import org.gfctl.tpm.pcr.Pcrs;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tss.Tpm;

/**
 * Enrollment and attestation end to end on swtpm: a fabric, a host with a measured boot, a
 * baseline, a health certificate openssl accepts; then each kind of bad evidence is refused with
 * its own explanation. The PCR-extension case runs last: it changes the TPM for good. Runs on
 * SQLite ({@link AttestationEndToEndTest}) and PostgreSQL ({@link AttestationEndToEndPostgresTest}).
 */
@ExtendWith(SwtpmExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AttestationEndToEndContract {
    private static final PcrSelection PCRS = PcrSelection.of(0, 1, 2, 3, 4, 5, 6, 7);
    @TempDir
    static Path dir;
    Swtpm swtpm;
    Fabric fabric;
    LocalGuardian guardian;
    Path log;

    /** The subclass's {@code @BeforeAll}: a fabric on its store, and host h1 enrolled with a baseline. */
    void enrollWithBaseline(Swtpm swtpm, String storeUrl, StoreCredentials credentials) throws Exception {
        this.swtpm = swtpm;
        log = BootMeasurements.measure(swtpm.spec(), dir.resolve("boot.log"));
        FabricHome home = FabricHome.at(dir.resolve("fabric"));
        Fabric.init(home, storeUrl, credentials, null, false);
        fabric = Fabric.open(home, storeUrl, credentials);
        fabric.store().trustedTpmCas().add(swtpm.caRoot());
        fabric.store().trustedTpmCas().add(swtpm.caIntermediate());
        guardian = new LocalGuardian(fabric);
        try (HostAgent agent = agent("host")) {
            EnrollmentChallenge c = guardian.challengeEnrollment(agent.enrollmentRequest("h1", "blue"));
            guardian.completeEnrollment(c.id(), agent.activate(c), Optional.empty());
            String policy = guardian.adoptBaseline(agent.evidence("h1", guardian.nonce("h1"), PCRS, Optional.of(log), false));
            assertThat(policy).isEqualTo("baseline-h1");
        }
    }

    @Test
    @Order(1)
    void healthyHost_getsAHealthCertificate_thatOpensslVerifies_forItsBindingKey() throws Exception {
        AttestationOutcome o;
        AttestationEvidence e;
        try (HostAgent agent = agent("host")) {
            e = agent.evidence("h1", guardian.nonce("h1"), PCRS, Optional.of(log), false);
            o = guardian.attest(e, Optional.empty());
        }
        assertThat(o.passed()).isTrue();
        assertThat(o.healthCertificate().getPublicKey()).isEqualTo(
                org.gfctl.tpm.key.TpmPublic.parseTpm2b(e.bindingKeyPublic()).publicKey());
        Path ca = dir.resolve("attestation-ca.crt");
        Path health = dir.resolve("health.pem");
        Files.writeString(ca, Certificates.toPem(fabric.keys().attestationCa().certificate()));
        Files.writeString(health, Certificates.toPem(o.healthCertificate()));
        String openssl = Tools.require("openssl", "openssl");
        Processes.run(openssl, "verify", "-CAfile", ca.toString(), health.toString()).requireSuccess();
        assertThat(fabric.store().attestations().find(o.attestationId()).orElseThrow().passed()).isTrue();
        assertThat(guardian.reverify(o.attestationId()).passed()).isTrue();
    }

    @Test
    @Order(2)
    void replayedNonce_isRefused() {
        try (HostAgent agent = agent("host")) {
            AttestationEvidence e = agent.evidence("h1", guardian.nonce("h1"), PCRS, Optional.of(log), false);
            guardian.attest(e, Optional.empty());
            assertThatThrownBy(() -> guardian.attest(e, Optional.empty()))
                    .isInstanceOf(AttestationFailedException.class).hasMessageContaining("already used");
        }
    }

    @Test
    @Order(3)
    void quoteFromAnAkThatWasNeverEnrolled_isRefused() {
        try (HostAgent intruder = agent("intruder")) {
            intruder.enrollmentRequest("h1", "blue"); // creates an AK the guardian never activated
            AttestationEvidence e = intruder.evidence("h1", guardian.nonce("h1"), PCRS, Optional.of(log), false);
            assertThatThrownBy(() -> guardian.attest(e, Optional.empty()))
                    .isInstanceOf(AttestationFailedException.class)
                    .hasMessageContaining("quote: expected a quote by the AK enrolled for h1");
        }
    }

    @Test
    @Order(4)
    void alteredQuoteSignature_isRefused() {
        try (HostAgent agent = agent("host")) {
            AttestationEvidence e = agent.evidence("h1", guardian.nonce("h1"), PCRS, Optional.of(log), false);
            byte[] sig = e.quoteSignature().clone();
            sig[sig.length - 1] ^= 1;
            AttestationEvidence bad = new AttestationEvidence(e.hostName(), e.nonce(), e.quoteAttest(), sig, e.pcrs(),
                    e.pcrValues(), e.eventLog(), e.bindingKeyPublic(), e.certifyAttest(), e.certifySignature());
            assertThatThrownBy(() -> guardian.attest(bad, Optional.empty()))
                    .isInstanceOf(AttestationFailedException.class).hasMessageContaining("SIGNATURE");
        }
    }

    @Test
    @Order(5)
    void tamperedEventLog_isRefused() throws Exception {
        byte[] tampered = Files.readAllBytes(log);
        String text = new String(tampered, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("shimx64.efi");
        tampered[at] = 'S'; // the data changes but not the recorded digest: that is an honest log...
        tampered[at - 12] ^= 1; // ...so also flip a byte of the event's recorded SHA-256 digest
        Path bad = dir.resolve("tampered.log");
        Files.write(bad, tampered);
        try (HostAgent agent = agent("host")) {
            AttestationEvidence e = agent.evidence("h1", guardian.nonce("h1"), PCRS, Optional.of(bad), false);
            assertThatThrownBy(() -> guardian.attest(e, Optional.empty()))
                    .isInstanceOf(AttestationFailedException.class)
                    .hasMessageContaining("event log replay: expected PCR 4");
        }
    }

    @Test
    @Order(6)
    void ekCertificateFromAnUntrustedCa_isRefused() {
        FabricHome other = FabricHome.at(dir.resolve("other-fabric"));
        Fabric.init(other, null, StoreCredentials.none(), null, false);
        try (Fabric f = Fabric.open(other, null, StoreCredentials.none()); HostAgent agent = agent("host2")) {
            f.store().trustedTpmCas().add(Certificates.parse(encoded(fabric.keys().attestationCa().certificate())));
            assertThatThrownBy(() -> new LocalGuardian(f).challengeEnrollment(agent.enrollmentRequest("h2", "blue")))
                    .isInstanceOf(AttestationFailedException.class)
                    .hasMessageContaining("does not chain to any of the 1 trusted TPM CAs");
        }
    }

    @Test
    @Order(7)
    void akOnAnotherTpmThanTheEk_failsActivation() throws Exception {
        EnrollmentRequest mixed;
        try (Swtpm other = Swtpm.start(Files.createDirectories(dir.resolve("other-tpm")));
                HostAgent otherAgent = HostAgent.open(TpmSpec.parse(other.spec()), HostState.at(dir.resolve("other-state")));
                HostAgent agent = agent("host3")) {
            // Re-enrolling h1 (allowed for the same EK) with an AK that lives in another TPM.
            EnrollmentRequest mine = agent.enrollmentRequest("h1", "blue");
            EnrollmentRequest theirs = otherAgent.enrollmentRequest("h1", "blue");
            mixed = new EnrollmentRequest("h1", "blue", mine.ekCertificate(), mine.ekPublic(), theirs.akPublic());
            EnrollmentChallenge c = guardian.challengeEnrollment(mixed);
            assertThatThrownBy(() -> agent.activate(c)).isInstanceOf(AttestationFailedException.class)
                    .hasMessageContaining("AK activation");
        }
        assertThat(fabric.store().hosts().find("h1").orElseThrow().akPublic()).isNotEqualTo(mixed.akPublic());
    }

    @Test
    @Order(100)
    void pcrExtendedAfterTheBaseline_failsPolicy_andRevokesCertificates() {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            Pcrs.extend(tpm, 7, new byte[32]);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        try (HostAgent agent = agent("host")) {
            AttestationEvidence e = agent.evidence("h1", guardian.nonce("h1"), PCRS, Optional.of(log), false);
            assertThatThrownBy(() -> guardian.attest(e, Optional.empty()))
                    .isInstanceOf(AttestationFailedException.class)
                    .hasMessageContaining("PCR 7");
        }
        assertThat(fabric.store().healthCertificates().list()).allMatch(c -> c.revokedAt() != null);
    }

    private HostAgent agent(String state) {
        return HostAgent.open(TpmSpec.parse(swtpm.spec()), HostState.at(dir.resolve(state)));
    }

    private static byte[] encoded(java.security.cert.X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}
