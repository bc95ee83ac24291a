package org.gfctl.core.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.gfctl.core.ExitCode;
import org.gfctl.core.audit.AuditEvent;
import org.gfctl.core.audit.AuditLog;
import org.gfctl.core.audit.AuditLogEvidence;
import org.gfctl.core.audit.Role;
import org.gfctl.core.compliance.Reports;
import org.gfctl.core.GfctlException;
import org.gfctl.core.disk.Progress;
import org.gfctl.core.guardian.AttestationOutcome;
import org.gfctl.core.guardian.EnrollmentChallenge;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.guardian.KeyReleaseService;
import org.gfctl.core.guardian.LocalGuardian;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.host.HostState;
import org.gfctl.core.host.SoftwareTpm;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.Signer;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.keys.KeyType;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.keys.OwnerKeys;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.shield.ShieldRequest;
import org.gfctl.core.shield.ShieldResult;
import org.gfctl.core.shield.ShieldService;
import org.gfctl.core.shield.UnlockSource;
import org.gfctl.core.shield.UnshieldService;
import org.gfctl.core.shield.VerifyService;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.pcr.PcrSelection;

/**
 * The whole guarded-fabric flow on one machine, in a throwaway fabric: TPM, fabric, enrollment,
 * attestation, owner, shield, key release, unshield inside the TPM, byte comparison.
 *
 * <p>It uses the same services as the individual commands, so a green quickstart is evidence that
 * the pieces fit, not a demo path of its own. A home it did not create itself is never touched.
 */
public final class Quickstart {
    private static final String MARKER = ".gfctl-quickstart";
    private static final PcrSelection PCRS = PcrSelection.of(0, 1, 2, 3, 4, 5, 6, 7);
    /** A software TPM has no firmware event log; an empty file tells the agent so. */
    private static final Optional<Path> NO_LOG = Optional.of(Path.of("/dev/null"));

    /** What to run: where, which image (null: generate one of {@code imageSize} bytes), which TPM (null: auto). */
    public record Options(Path home, Path image, long imageSize, String tpm, int threads) {}

    /** The run's steps and the shielded volume. */
    public record Result(List<Steps.Step> steps, String volumeUuid, Path home, String report) {}

    private Quickstart() {}

    public static Result run(Options o, Consumer<Steps.Step> listener) {
        Steps steps = new Steps(listener);
        Path home = steps.run("prepare " + o.home(), () -> prepare(o.home()), p -> "throwaway fabric home " + p);
        SoftwareTpm[] swtpm = new SoftwareTpm[1];
        try {
            String tpm = steps.run("TPM", () -> chooseTpm(o.tpm(), home, swtpm), s -> s);
            FabricHome fh = FabricHome.at(home.resolve("fabric"));
            var created = steps.run("fabric init", () -> Fabric.init(fh, null, StoreCredentials.none(), null, false),
                    c -> "fabric " + c.id() + ", guardian " + Certificates.fingerprint(c.guardian()).substring(0, 16) + "…");
            try (Fabric fabric = Fabric.open(fh, null, StoreCredentials.none());
                    HostAgent agent = HostAgent.open(TpmSpec.parse(tpm), HostState.at(home.resolve("host")))) {
                // every step writes the entry its command would have written, in this fabric's own log
                record(fabric, Role.GUARDIAN, "fabric.init", "fabric " + created.id(),
                        Certificates.fingerprint(created.guardian()), null);
                LocalGuardian guardian = new LocalGuardian(fabric);
                if (swtpm[0] != null) {
                    steps.run("trust TPM vendor CA", () -> {
                        fabric.store().trustedTpmCas().add(Certificates.load(swtpm[0].caRoot()));
                        return fabric.store().trustedTpmCas().add(Certificates.load(swtpm[0].caIntermediate()));
                    }, x -> "swtpm local CA root and intermediate");
                    for (Path ca : new Path[] {swtpm[0].caRoot(), swtpm[0].caIntermediate()}) {
                        X509Certificate c = Certificates.load(ca);
                        record(fabric, Role.GUARDIAN, "fabric.trust-tpm-ca", Certificates.subject(c), null,
                                Certificates.fingerprint(c));
                    }
                }
                String[] ek = new String[1];
                String baseline = steps.run("host enroll --baseline", () -> {
                    EnrollmentChallenge c = guardian.challengeEnrollment(agent.enrollmentRequest("quickstart-host", "demo"));
                    ek[0] = guardian.completeEnrollment(c.id(), agent.activate(c), Optional.empty()).ekPubDigest();
                    return guardian.adoptBaseline(agent.evidence("quickstart-host", guardian.nonce("quickstart-host"), PCRS,
                            NO_LOG, false));
                }, p -> "EK chain trusted, AK activated, policy " + p);
                record(fabric, Role.GUARDIAN, "policy.apply", "AttestationPolicy " + baseline + " (baseline of quickstart-host)",
                        null, null);
                record(fabric, Role.GUARDIAN, "host.enroll", "quickstart-host", null, ek[0]);
                String[] presented = new String[1];
                AttestationOutcome att = steps.run("attest", () -> {
                    var evidence = agent.evidence("quickstart-host", guardian.nonce("quickstart-host"), PCRS, NO_LOG, true);
                    presented[0] = evidence.digest();
                    AttestationOutcome a = guardian.attest(evidence, Optional.empty());
                    agent.acceptHealthCertificate();
                    return a;
                }, a -> "PASS (" + a.rules().size() + " rules); health certificate until " + a.healthCertificate().getNotAfter().toInstant());
                record(fabric, Role.GUARDIAN, "attest", "quickstart-host", null, presented[0]);
                Secret password = Secret.newUnlockSecret();
                OwnerKey owner = steps.run("owner init", () -> OwnerKeys.create(KeyType.RSA3072,
                        new X500Principal("CN=quickstart tenant"), password, home.resolve("owner.p12")), k -> k.subject());
                record(fabric, Role.OWNER, "owner.init", owner.subject(), owner.fingerprint(), null);
                Path image = o.image() != null ? o.image() : steps.run("generate image", () ->
                        QuickstartImage.generate(home.resolve("vm.raw"), o.imageSize()), p -> o.imageSize() / (1 << 20) + " MiB at " + p);
                Path shielded = home.resolve("vm.luks");
                ShieldResult shield = steps.run("shield-vm", () -> ShieldService.shield(new ShieldRequest(image, shielded, null,
                        "quickstart-vm", null, List.of(owner.certificate(), fabric.keys().encryption().certificate()),
                        Signer.create(owner.privateKey(), owner.certificate()), o.threads(), Progress.NONE)),
                        r -> String.format("%s, %.0f MB/s", r.volumeUuid(), r.megabytesPerSecond()));
                record(fabric, Role.OWNER, "shield-vm", shield.volumeUuid().toString(), owner.fingerprint(), shield.merkleRoot());
                fabric.store().volumes().record(shield.inventoryRecord(java.time.Instant.now(), java.time.Instant.now()));
                steps.run("verify (no key)", () -> VerifyService.verify(shielded, null, o.threads(), Progress.NONE),
                        v -> v.intact() ? "intact, " + v.chunks() + " chunks" : fail(v.problem()));
                record(fabric, Role.AUDITOR, "verify", shield.volumeUuid().toString(), null, shield.merkleRoot());
                Path released = home.resolve("vm.released.kp");
                steps.run("key release", () -> {
                    KeyReleaseService.Released r = new KeyReleaseService(fabric).release(
                            KeyProtector.read(Path.of(shielded + ".kp")), att.healthCertificate());
                    r.keyProtector().write(released);
                    return r;
                }, r -> "to quickstart-host's TPM binding key (rule " + r.rule() + ")");
                record(fabric, Role.GUARDIAN, "key.release", shield.volumeUuid() + " to quickstart-host",
                        Certificates.fingerprint(fabric.keys().encryption().certificate()),
                        Certificates.fingerprint(att.healthCertificate()));
                Path out = home.resolve("vm.unshielded.raw");
                steps.run("unshield in the TPM", () -> UnshieldService.unshield(shielded, out, released,
                        new UnlockSource.Released(agent::unwrap), o.threads(), Progress.NONE),
                        r -> String.format("no owner key used, %.0f MB/s", r.megabytesPerSecond()));
                steps.run("compare bytes", () -> sha256(image).equals(sha256(out)) ? sha256(out) : fail("the bytes differ"),
                        d -> "identical, SHA-256 " + d.substring(0, 16) + "…");
                record(fabric, Role.HOST, "unshield", shield.volumeUuid() + " released to quickstart-host", null, null);
                password.close();
                String report = steps.run("audit report", () -> Reports.render(fabric, "iso27001-2022", Reports.Format.TEXT,
                        new AuditLogEvidence(fabric)), r -> "ISO/IEC 27001:2022, audit log verified (below)");
                return new Result(steps.done(), shield.volumeUuid().toString(), home, report);
            }
        } finally {
            if (swtpm[0] != null) {
                swtpm[0].close();
            }
        }
    }

    /** The audit entry the equivalent command would have written (key: the fingerprint of the key used, or null). */
    private static void record(Fabric fabric, Role role, String action, String object, String key, String evidence) {
        AuditEvent e = AuditEvent.of(role, action, object, "success", 0, evidence);
        AuditLog.open(fabric.store(), fabric.auditKey()).withSignedHead(fabric.auditHead(), fabric.id())
                .append(key == null ? e : e.withActorKey(key));
    }

    private static Path prepare(Path home) throws IOException {
        if (Files.exists(home)) {
            boolean ours = Files.exists(home.resolve(MARKER));
            boolean empty;
            try (Stream<Path> s = Files.list(home)) {
                empty = s.findAny().isEmpty();
            }
            if (!ours && !empty) {
                throw new GfctlException(ExitCode.USAGE, home + " exists and was not made by quickstart: choose another --home");
            }
            try (Stream<Path> s = Files.walk(home)) {
                s.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(home)).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(home);
        Files.writeString(home.resolve(MARKER), "created by gfctl quickstart; deleted by the next run\n");
        return home.toAbsolutePath();
    }

    private static String chooseTpm(String given, Path home, SoftwareTpm[] started) {
        if (given != null) {
            return given;
        }
        Path dev = Path.of("/dev/tpmrm0");
        if (Files.isReadable(dev) && Files.isWritable(dev)) {
            return "device:" + dev;
        }
        if (!SoftwareTpm.available()) {
            throw new GfctlException(ExitCode.NOT_FOUND, "no TPM at /dev/tpmrm0 and no swtpm: install swtpm and swtpm-tools"
                    + " (apt-get install swtpm swtpm-tools), or pass --tpm swtpm:HOST:PORT");
        }
        started[0] = SoftwareTpm.start(home.resolve("swtpm"));
        return started[0].spec();
    }

    private static String sha256(Path p) throws Exception {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    private static <T> T fail(String why) {
        throw new GfctlException(ExitCode.INTEGRITY_VIOLATION, why);
    }
}
