package org.gfctl.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Optional;
import org.gfctl.core.AttestationFailedException;
import org.gfctl.core.Bug;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.guardian.AttestationEvidence;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.secret.Secret;
import org.gfctl.tpm.binding.BindingKeyDecryptor;
import org.gfctl.tpm.binding.BindingKeyPolicyException;
import org.gfctl.core.guardian.EnrollmentChallenge;
import org.gfctl.core.guardian.EnrollmentRequest;
import org.gfctl.tpm.TpmException;
import org.gfctl.tpm.attest.Certification;
import org.gfctl.tpm.attest.Certifier;
import org.gfctl.tpm.attest.Quote;
import org.gfctl.tpm.attest.Quoter;
import org.gfctl.tpm.binding.BindingKey;
import org.gfctl.tpm.binding.BindingKeys;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.identity.AkAlgorithm;
import org.gfctl.tpm.identity.AkKey;
import org.gfctl.tpm.identity.AttestationKeys;
import org.gfctl.tpm.identity.CredentialActivationException;
import org.gfctl.tpm.identity.CredentialActivator;
import org.gfctl.tpm.identity.CredentialChallenge;
import org.gfctl.tpm.identity.EkIdentity;
import org.gfctl.tpm.identity.EndorsementKey;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.Srk;
import org.gfctl.tpm.pcr.PcrSelection;
import org.gfctl.tpm.pcr.PcrValues;
import org.gfctl.tpm.pcr.Pcrs;
import tss.Tpm;

/**
 * The host side of enrollment and attestation: everything here runs against the host's TPM and
 * its own state directory, and nothing reads the guardian's store.
 *
 * <p>Keys are loaded only for the command that needs them and flushed right after: a TPM has few
 * transient object slots (swtpm three), and a long-lived agent must not exhaust them.
 */
public final class HostAgent implements AutoCloseable {
    /** The Linux kernel's copy of the firmware event log. */
    public static final Path KERNEL_EVENT_LOG = Path.of("/sys/kernel/security/tpm0/binary_bios_measurements");
    private final TpmSpec spec;
    private final Tpm tpm;
    private final HostState state;

    private HostAgent(TpmSpec spec, Tpm tpm, HostState state) {
        this.spec = spec;
        this.tpm = tpm;
        this.state = state;
    }

    public static HostAgent open(TpmSpec spec, HostState state) {
        return new HostAgent(spec, TpmDevices.open(spec), state);
    }

    /** Reads the EK, creates a fresh AK (saved in the host state) and asks to enroll. */
    public EnrollmentRequest enrollmentRequest(String hostName, String group) {
        EkIdentity ek = EndorsementKey.identify(tpm);
        AkKey ak;
        try (LoadedKey srk = Srk.create(tpm)) {
            ak = AttestationKeys.create(tpm, srk, AkAlgorithm.RSA_2048);
        }
        state.saveAk(ak.blob());
        try {
            return new EnrollmentRequest(hostName, group, ek.certificate().getEncoded(), ek.ekPublic().tpm2bBytes(),
                    ak.publicArea().tpm2bBytes());
        } catch (CertificateEncodingException e) {
            throw new Bug("an EK certificate that parsed re-encodes", e);
        }
    }

    /** Recovers the guardian's credential secret inside the TPM (ActivateCredential). */
    public byte[] activate(EnrollmentChallenge challenge) {
        AkKey ak = AkKey.create(state.ak());
        LoadedKey loadedAk;
        try (LoadedKey srk = Srk.create(tpm)) {
            loadedAk = ak.load(tpm, srk);
        }
        try (loadedAk; LoadedKey ek = EndorsementKey.createRsa(tpm)) {
            return CredentialActivator.activate(tpm, ek, loadedAk,
                    CredentialChallenge.parse(challenge.idObject(), challenge.encryptedSecret()));
        } catch (CredentialActivationException e) {
            throw new AttestationFailedException("AK activation failed in the TPM at " + spec + ": " + e.getMessage());
        }
    }

    /** The current PCR values of {@code selection} (SHA-256 bank). */
    public PcrValues pcrs(PcrSelection selection) {
        return Pcrs.read(tpm, selection);
    }

    /**
     * Quotes {@code selection} for {@code nonce}, creates a fresh binding key (bound to the quoted
     * PCR values when {@code bindToPcrs}) certified by the AK, and returns the evidence.
     */
    public AttestationEvidence evidence(String hostName, byte[] nonce, PcrSelection selection, Optional<Path> eventLog,
            boolean bindToPcrs) {
        AkKey ak = AkKey.create(state.ak());
        PcrValues pcrs = Pcrs.read(tpm, selection);
        BindingKey binding;
        try (LoadedKey srk = Srk.create(tpm)) {
            binding = BindingKeys.create(tpm, srk, bindToPcrs ? Optional.of(pcrs) : Optional.empty());
        }
        LoadedKey loadedAk;
        LoadedKey loadedBinding;
        try (LoadedKey srk = Srk.create(tpm)) {
            loadedAk = ak.load(tpm, srk);
            loadedBinding = binding.blob().load(tpm, srk);
        }
        Quote quote;
        Certification certification;
        try (loadedAk; loadedBinding) {
            quote = Quoter.quote(tpm, loadedAk, selection, nonce);
            certification = Certifier.certify(tpm, loadedBinding, loadedAk, nonce);
        }
        state.savePendingBindingKey(binding.blob(), bindToPcrs ? Optional.of(selection) : Optional.empty());
        return new AttestationEvidence(hostName, nonce, quote.attest(), quote.signature(), selection.indices(),
                quote.pcrs().concatenated(), readLog(eventLog), binding.publicArea().tpm2bBytes(), certification.attest(),
                certification.signature());
    }

    /**
     * Decrypts a key released to this host: the envelope's content key is decrypted by
     * TPM2_RSA_Decrypt with the current binding key (and its PCR policy, if any), so the secret
     * opens only inside this TPM and only while its measured state is unchanged.
     */
    public Secret unwrap(KeyProtector released) {
        BindingKey key = state.bindingKey();
        try {
            return released.unwrap(encryptedKey -> BindingKeyDecryptor.decrypt(tpm, key, encryptedKey));
        } catch (BindingKeyPolicyException e) {
            throw new KeyRefusedException("this host's TPM refuses the binding key: its PCRs changed since the attestation"
                    + " the key was released for (" + e.getMessage() + "); attest again for a new release");
        } catch (TpmException e) {
            throw new KeyRefusedException("the TPM at " + spec + " cannot decrypt this released key: " + e.getMessage()
                    + " (was it released to this host's current health certificate?)");
        }
    }

    /**
     * SHA-256 (lowercase hex) of the current binding key's public key (its SubjectPublicKeyInfo,
     * as the health certificate carries it): the key {@link #unwrap} decrypts with, which the audit
     * entry of an unwrap names.
     */
    public String bindingKeyFingerprint() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(state.bindingKey().publicArea().publicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new Bug("every JDK has SHA-256", e);
        }
    }

    /** The guardian accepted the last evidence: its binding key becomes the one releases are made for. */
    public void acceptHealthCertificate() {
        state.promotePendingBindingKey();
    }

    public TpmSpec spec() {
        return spec;
    }

    public Tpm tpm() {
        return tpm;
    }

    @Override
    public void close() {
        try {
            tpm.close();
        } catch (IOException | TpmException ignored) {
            // Closing the connection: nothing left to protect.
        }
    }

    private static byte[] readLog(Optional<Path> eventLog) {
        Optional<Path> path = eventLog.or(() -> Files.isReadable(KERNEL_EVENT_LOG) ? Optional.of(KERNEL_EVENT_LOG) : Optional.empty());
        if (path.isEmpty()) {
            return null;
        }
        try {
            byte[] log = Files.readAllBytes(path.get());
            return log.length == 0 ? null : log; // an empty file (e.g. /dev/null) means "no event log"
        } catch (IOException e) {
            throw new GfctlException(ExitCode.NOT_FOUND, "cannot read the event log " + path.get() + ": " + e.getMessage(), e);
        }
    }
}
