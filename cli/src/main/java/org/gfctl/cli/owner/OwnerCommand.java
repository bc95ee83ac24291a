package org.gfctl.cli.owner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import org.gfctl.cli.Secrets;
import org.gfctl.core.UsageException;
import org.gfctl.core.disk.AtomicOutput;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.keys.KeyType;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.keys.OwnerKeys;
import org.gfctl.core.secret.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gfctl owner}: tenant (VM owner) keys. */
@Command(name = "owner", header = "Manage tenant (VM owner) keys.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {OwnerCommand.Init.class})
public final class OwnerCommand {

    @Mixin
    HelpOption help;

    @Command(name = "init", header = "Create an owner key and self-signed certificate in a PKCS#12 file.",
            description = "Also writes the public certificate next to it (OWNER.crt), to give to a fabric admin"
                    + " who shields VMs for you.")
    public static final class Init extends GfctlSubcommand {
        @Option(names = "--out", paramLabel = "OWNER.p12", required = true,
                description = "The PKCS#12 file to create (mode 0600).")
        Path out;

        @Option(names = "--subject", paramLabel = "DN",
                description = "Certificate subject, e.g. 'CN=tenant-a,O=Example' (default: CN=<user>).")
        String subject;

        @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa3072",
                description = "Key type: rsa3072 or ecp384 (default: ${DEFAULT-VALUE}).",
                completionCandidates = KeyTypes.class)
        String key;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "Read the PKCS#12 password from FILE (else $GFCTL_PASSWORD, else a prompt).")
        Path passwordFile;

        @Override
        public Integer call() {
            KeyType type = KeyType.parse(key);
            X500Principal dn = subject();
            Path crt = certificatePath(out);
            if (Files.exists(crt)) { // checked before the key store is written: both files or neither
                throw new UsageException(crt + " already exists; remove it or choose another --out (owner init"
                        + " writes OWNER.p12 and its certificate OWNER.crt)");
            }
            OwnerKey owner;
            try (Secret password = Secrets.newPassword(passwordFile)) {
                owner = OwnerKeys.create(type, dn, password, out);
            }
            audit().key(owner.fingerprint()).object(owner.subject());
            AtomicOutput.write(crt, Certificates.toPem(owner.certificate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("keyStore", out.toAbsolutePath().toString());
            result.put("certificate", crt.toAbsolutePath().toString());
            result.put("subject", owner.subject());
            result.put("keyType", type.cliName());
            result.put("fingerprint", owner.fingerprint());
            result.put("notAfter", owner.certificate().getNotAfter().toInstant().toString());
            output().result(result, w -> {
                w.printf("Created owner key %s (%s, %s)%n", out, type.cliName(), owner.subject());
                w.printf("  certificate  %s%n", crt);
                w.printf("  fingerprint  %s%n", owner.fingerprint());
                w.printf("Keep %s and its password safe: it is the only way to recover your VMs without the fabric.%n",
                        out.getFileName());
            });
            return 0;
        }

        private X500Principal subject() {
            String dn = subject != null ? subject : "CN=" + System.getProperty("user.name");
            try {
                return new X500Principal(dn);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--subject '" + dn + "' is not a distinguished name (e.g. 'CN=tenant-a,O=Example'): "
                        + e.getMessage());
            }
        }

        private static Path certificatePath(Path p12) {
            String name = p12.getFileName().toString();
            String base = name.endsWith(".p12") ? name.substring(0, name.length() - 4) : name;
            return p12.toAbsolutePath().resolveSibling(base + ".crt");
        }
    }

    /** Completion candidates for {@code --key}. */
    static final class KeyTypes extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        KeyTypes() {
            for (KeyType t : KeyType.values()) {
                add(t.cliName());
            }
        }
    }
}
