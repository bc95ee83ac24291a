package org.gfctl.cli.fabric;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import org.gfctl.cli.Output;
import org.gfctl.cli.Secrets;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.core.guardian.GuardianRotation;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.store.StoreCredentials;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gfctl fabric}: the guardian's own keys, store and trust anchors. */
@Command(name = "fabric", header = "Create and manage the fabric: guardian keys, store, trusted TPM CAs.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {FabricCommand.Init.class, FabricCommand.TrustTpmCa.class,
                FabricCommand.ExportCerts.class, FabricCommand.RotateGuardian.class})
public final class FabricCommand {

    @Mixin
    HelpOption help;

    @Command(name = "init", header = "Create the guardian keys, attestation CA, audit key and the store.",
            description = {"Keys go to HOME/guardian.p12 (0600) with a generated password in HOME/guardian.password"
                    + " (0600; set GFCTL_GUARDIAN_PASSWORD to keep it elsewhere); the store defaults to HOME/fabric.db.",
                "With --pkcs11 the keys are generated on the token and never leave it; HOME records the"
                    + " configuration's path (and --pin-file's); later commands read the PIN from GFCTL_PKCS11_PIN,"
                    + " that file, or a prompt."})
    public static final class Init extends GfctlSubcommand {
        static final class KeySource {
            @Option(names = "--guardian-keystore", paramLabel = "P12",
                    description = "Import the guardian keys (aliases guardian, attestation-ca, audit) from this PKCS#12.")
            Path keystore;

            @Option(names = "--pkcs11", paramLabel = "CONFIG",
                    description = "Keep the guardian keys on a PKCS#11 token (SunPKCS11 configuration file).")
            Path pkcs11;
        }

        @ArgGroup(exclusive = true)
        KeySource keySource;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Password of the --guardian-keystore P12.")
        Path passwordFile;

        @Option(names = "--pin-file", paramLabel = "FILE",
                description = "User PIN of the --pkcs11 token (else GFCTL_PKCS11_PIN, else a prompt).")
        Path pinFile;

        @Option(names = "--force", description = "Replace an existing fabric under --home.")
        boolean force;

        @Override
        public Integer call() {
            StoreCredentials credentials = global().storeCredentials();
            Fabric.Created c;
            if (keySource != null && keySource.pkcs11 != null) {
                if (!java.nio.file.Files.isRegularFile(keySource.pkcs11)) {
                    throw new NotFoundException("PKCS#11 configuration " + keySource.pkcs11 + " does not exist");
                }
                try (Secret pin = Secrets.pin(pinFile)) {
                    c = Fabric.initOnToken(home(), global().store(), credentials,
                            new Fabric.TokenSetup(keySource.pkcs11, pin, pinFile), force);
                }
            } else {
                if (pinFile != null) {
                    throw new UsageException("--pin-file is the PIN of a --pkcs11 token; without --pkcs11 it has no use");
                }
                GuardianKeys imported = null;
                if (keySource != null && keySource.keystore != null) {
                    try (Secret pw = Secrets.password(passwordFile)) {
                        imported = GuardianKeys.load(keySource.keystore, pw);
                    }
                }
                c = Fabric.init(home(), global().store(), credentials, imported, force);
            }
            audit().object("fabric " + c.id()).key(Certificates.fingerprint(c.guardian()));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("fabricId", c.id());
            r.put("home", c.home().toString());
            r.put("store", c.store());
            r.put("keys", c.keys());
            r.put("guardian", certificate(c.guardian()));
            r.put("attestationCa", certificate(c.attestationCa()));
            r.put("audit", certificate(c.audit()));
            output().result(r, w -> {
                w.printf("Created fabric %s in %s%n", c.id(), c.home());
                w.printf("  store           %s%n", c.store());
                w.printf("  keys            %s%n", c.keys());
                w.printf("  guardian        %s%n", Certificates.fingerprint(c.guardian()));
                w.printf("  attestation CA  %s%n", Certificates.fingerprint(c.attestationCa()));
                w.printf("  audit           %s%n", Certificates.fingerprint(c.audit()));
                w.println("Next: gfctl fabric trust-tpm-ca VENDOR-CA.pem, then gfctl host enroll --tpm SPEC");
            });
            return 0;
        }
    }

    @Command(name = "trust-tpm-ca", header = "Trust a TPM vendor root or intermediate CA certificate.")
    public static final class TrustTpmCa extends GfctlSubcommand {
        @Parameters(paramLabel = "CERT.pem", description = "The CA certificate (PEM or DER).")
        Path cert;

        @Override
        public Integer call() {
            X509Certificate ca = Certificates.load(cert);
            try (Fabric fabric = openFabric()) {
                boolean added = fabric.store().trustedTpmCas().add(ca);
                audit().object(Certificates.subject(ca)).evidence(Certificates.fingerprint(ca));
                Map<String, Object> r = certificate(ca);
                r.put("added", added);
                output().result(r, w -> w.printf("%s TPM CA %s (%s)%n", added ? "Trusted" : "Already trusted",
                        Certificates.subject(ca), Certificates.fingerprint(ca)));
            }
            return 0;
        }
    }

    @Command(name = "export-certs", header = "Write the guardian's public certificates to a directory.")
    public static final class ExportCerts extends GfctlSubcommand {
        @Option(names = "--out", paramLabel = "DIR", required = true,
                description = "Directory for guardian.crt, attestation-ca.crt and audit.crt.")
        Path out;

        @Override
        public Integer call() {
            try (Fabric fabric = openFabric()) {
                List<Path> files = fabric.exportCertificates(out);
                output().result(Output.fields("files", files.stream().map(Path::toString).toList()),
                        w -> files.forEach(f -> w.println("Wrote " + f)));
            }
            return 0;
        }
    }

    @Command(name = "rotate-guardian", header = "Create a new guardian key and rewrap every inventoried key protector.",
            description = "The old key is kept as guardian-retired-<time> until every inventoried key protector (at"
                    + " IMAGE.kp) is rewrapped; a volume that failed is reported, and a rerun finishes the rotation.")
    public static final class RotateGuardian extends GfctlSubcommand {
        @Override
        public Integer call() {
            try (Fabric fabric = openFabric()) {
                GuardianRotation.Result r = GuardianRotation.rotate(fabric, java.time.Instant.now());
                audit().object("guardian key").key(Certificates.fingerprint(r.guardian()));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("guardian", certificate(r.guardian()));
                m.put("retiredKept", r.retiredKept());
                m.put("retiredRemoved", r.retiredRemoved());
                m.put("volumes", r.volumes().stream().map(v -> {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("uuid", v.uuid());
                    x.put("name", v.name());
                    x.put("keyProtector", v.keyProtector().toString());
                    x.put("status", v.status());
                    x.put("problem", v.problem());
                    return x;
                }).toList());
                output().result(m, w -> {
                    w.printf("New guardian key %s%n", Certificates.fingerprint(r.guardian()));
                    r.volumes().forEach(v -> w.printf("  %-17s %s %s%s%n", v.status(), v.uuid(), v.keyProtector(),
                            v.problem() == null ? "" : ": " + v.problem()));
                    w.println(r.retiredKept().isEmpty() ? "Old key retired " + r.retiredRemoved()
                            : "Old key kept as " + r.retiredKept() + " until the failed volumes are rewrapped (rerun)");
                });
            }
            return 0;
        }
    }

    static Map<String, Object> certificate(X509Certificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", Certificates.subject(c));
        m.put("fingerprint", Certificates.fingerprint(c));
        m.put("notAfter", c.getNotAfter().toInstant().toString());
        return m;
    }
}
