package org.gfctl.core.guardian;

import java.nio.file.Path;
import java.util.Optional;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.disk.Progress;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.shield.UnlockSource;
import org.gfctl.core.shield.UnshieldResult;
import org.gfctl.core.shield.UnshieldService;
import org.gfctl.tpm.pcr.PcrSelection;

/**
 * {@code unshield --tpm SPEC} without {@code --released}: attest, release and unwrap in one step,
 * for a host that is its own guardian (same {@code --home}).
 *
 * <p>Nothing here decides anything: it runs the host agent's evidence collection, the guardian's
 * attestation ({@link LocalGuardian}), the guardian's release ({@link KeyReleaseService}) and the
 * host's TPM unwrap ({@link HostAgent#unwrap}) in the order the three separate commands would, so
 * every check, refusal and record is theirs. The binding key is bound to the quoted PCRs, and the
 * released key protector stays in memory: it is used once, here.
 */
public final class SameMachineUnshield {

    /** The attestation and release that opened the image, and the unshield result. */
    public record Result(UnshieldResult unshield, AttestationOutcome attestation, KeyReleaseService.Released release) {}

    /**
     * Told as each guardian step ends, so that the caller can record it as the separate command
     * would have been: {@code attest} of the host, then {@code key.release} of the volume to it.
     */
    @FunctionalInterface
    public interface Steps {
        /**
         * A step ended with {@code exitCode} (0 when it passed; a failure's exception is then
         * rethrown); {@code object} names what it acted on, {@code evidence} is the SHA-256 (hex) of
         * what it judged and {@code key} the fingerprint of the guardian key it used (either null
         * when there was none), as the separate command records them.
         */
        void ended(String action, String object, int exitCode, String evidence, String key);
    }

    private SameMachineUnshield() {}

    /** The exit code the CLI gives {@code e}: its own for gfctl's exceptions, 1 for anything else. */
    private static int exitCode(RuntimeException e) {
        return e instanceof GfctlException g ? g.exitCode().code() : ExitCode.FAILURE.code();
    }

    public static Result unshield(Fabric fabric, HostAgent agent, String hostName, PcrSelection pcrs, Path in,
            Path kpPath, Path out, int threads, Progress progress, Steps steps) {
        Path kpFile = kpPath != null ? kpPath : in.resolveSibling(in.getFileName() + ".kp");
        LocalGuardian guardian = new LocalGuardian(fabric);
        AttestationOutcome attested;
        String evidence = null;
        try {
            AttestationEvidence ev = agent.evidence(hostName, guardian.nonce(hostName), pcrs, Optional.empty(), true);
            evidence = ev.digest();
            attested = guardian.attest(ev, Optional.empty());
            agent.acceptHealthCertificate();
        } catch (RuntimeException e) {
            steps.ended("attest", hostName, exitCode(e), evidence, null);
            throw e;
        }
        steps.ended("attest", hostName, 0, evidence, Certificates.fingerprint(fabric.keys().attestationCa().certificate()));
        String presented = Certificates.fingerprint(attested.healthCertificate());
        String encryption = Certificates.fingerprint(fabric.keys().encryption().certificate());
        String volume = kpFile.toString();
        KeyReleaseService.Released released;
        try {
            KeyProtector protector = KeyProtector.read(kpFile);
            volume = protector.metadata().volumeUuid().toString();
            released = new KeyReleaseService(fabric).release(protector, attested.healthCertificate());
        } catch (RuntimeException e) {
            steps.ended("key.release", volume + " to " + hostName, exitCode(e), presented, encryption);
            throw e;
        }
        steps.ended("key.release", released.volumeUuid() + " to " + released.hostName(), 0, presented, encryption);
        UnshieldResult r = UnshieldService.unshield(in, out, released.keyProtector(), kpFile,
                new UnlockSource.Released(agent::unwrap), threads, progress);
        return new Result(r, attested, released);
    }
}
