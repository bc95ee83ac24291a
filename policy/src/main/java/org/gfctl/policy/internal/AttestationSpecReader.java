package org.gfctl.policy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.gfctl.policy.Metadata;
import org.gfctl.policy.attestation.AttestationPolicy;
import org.gfctl.policy.attestation.EventLogRules;
import org.gfctl.policy.attestation.ForbiddenEvent;
import org.gfctl.policy.attestation.PcrBank;

/**
 * Checks the {@code spec} of an {@code AttestationPolicy} and builds the policy from it.
 *
 * <p>{@code trustedTpmRoots} entries are PEM certificates written inline, or paths of PEM/DER
 * files relative to the policy file's directory; either way the parsed policy holds the
 * certificates themselves, so its digest covers their content, not their file names.
 */
public final class AttestationSpecReader {
    private static final Pattern PCR_KEY = Pattern.compile("0|[1-9][0-9]?");

    private AttestationSpecReader() {}

    /** The policy, or {@code null} if {@code errors} gained any error (or {@code metadata} is null). */
    public static AttestationPolicy read(Metadata metadata, Node spec, Errors errors, Path baseDir) {
        int before = errors.size();
        Fields f = Fields.of(spec, "spec", errors,
                "trustedTpmRoots", "pcrBank", "pcrs", "eventLog", "healthCertificateLifetime");
        if (f == null) {
            return null;
        }
        List<X509Certificate> roots = roots(f, baseDir);
        String bankName = f.string("pcrBank", false);
        PcrBank bank = bankName == null ? PcrBank.SHA256 : PcrBank.named(bankName).orElse(null);
        if (bank == null) {
            errors.add(f.node("pcrBank"), f.path("pcrBank"),
                    "must be one of " + PcrBank.allowedNames() + ", not \"" + bankName + "\"");
        }
        Map<Integer, List<String>> pcrs = pcrs(f, bank);
        EventLogRules eventLog = eventLog(f);
        Duration lifetime = f.duration("healthCertificateLifetime", AttestationPolicy.MAX_LIFETIME);
        if (errors.size() > before || metadata == null) {
            return null;
        }
        return new AttestationPolicy(metadata, roots, bank, pcrs, eventLog,
                lifetime == null ? AttestationPolicy.DEFAULT_LIFETIME : lifetime);
    }

    private static List<X509Certificate> roots(Fields f, Path baseDir) {
        List<X509Certificate> roots = new ArrayList<>();
        List<Node> items = f.list("trustedTpmRoots", false);
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = Errors.index(f.path("trustedTpmRoots"), i);
            Node item = items.get(i);
            String text = Fields.text(item, path, f.errors());
            if (text == null) {
                continue;
            }
            try {
                if (Pem.looksLikePem(text)) {
                    roots.addAll(Pem.parse(text));
                } else if (baseDir == null) {
                    f.errors().add(item, path, "a certificate file can only be named in a policy read from a file; "
                            + "write the PEM certificate inline instead");
                } else {
                    roots.addAll(Pem.parse(Files.readAllBytes(baseDir.resolve(text))));
                }
            } catch (NoSuchFileException e) {
                f.errors().add(item, path, "no certificate file " + baseDir.resolve(text)
                        + " (paths are relative to the policy file)");
            } catch (IOException e) {
                f.errors().add(item, path, "cannot read " + baseDir.resolve(text) + ": " + e.getMessage());
            } catch (CertificateException e) {
                f.errors().add(item, path, "not an X.509 certificate in PEM or DER: " + e.getMessage());
            }
        }
        return roots;
    }

    private static Map<Integer, List<String>> pcrs(Fields f, PcrBank bank) {
        Map<Integer, List<String>> pcrs = new TreeMap<>();
        Node node = f.required("pcrs");
        if (node == null) {
            return pcrs;
        }
        String path = f.path("pcrs");
        if (!(node instanceof Node.Mapping m)) {
            f.errors().add(node, path, "must map PCR indexes to lists of allowed values, not " + node.describe());
            return pcrs;
        }
        if (m.entries().isEmpty()) {
            f.errors().add(node, path, "must require at least one PCR; a policy that checks no PCR calls any host healthy");
        }
        for (Node.Mapping.Entry e : m.entries().values()) {
            String entryPath = Errors.field(path, e.key());
            boolean validKey = PCR_KEY.matcher(e.key()).matches()
                    && Integer.parseInt(e.key()) < AttestationPolicy.PCR_COUNT;
            if (!validKey) {
                f.errors().add(e.line(), e.column(), entryPath,
                        "PCR index must be 0.." + (AttestationPolicy.PCR_COUNT - 1) + ", not \"" + e.key() + "\"");
            }
            List<String> values = digests(e.value(), entryPath, f.errors(), bank);
            if (e.value() instanceof Node.Sequence seq && seq.items().isEmpty()) {
                f.errors().add(e.value(), entryPath, "needs at least one allowed value");
            }
            if (validKey && values != null) {
                pcrs.put(Integer.parseInt(e.key()), values);
            }
        }
        return pcrs;
    }

    /** Hex digests of a list node; length checked against {@code bank} unless it is null (unknown bank). */
    private static List<String> digests(Node node, String path, Errors errors, PcrBank bank) {
        List<Node> items = Fields.items(node, path, errors);
        if (items == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Errors.index(path, i);
            String text = Fields.text(items.get(i), itemPath, errors);
            if (text == null) {
                continue;
            }
            String what = bank == null ? "digest" : bank.bankName() + " digest";
            String problem = Hex.problem(text, bank == null ? -1 : bank.digestBytes(), what);
            if (problem != null) {
                errors.add(items.get(i), itemPath, problem);
            } else {
                values.add(text);
            }
        }
        return values;
    }

    private static EventLogRules eventLog(Fields spec) {
        Node node = spec.node("eventLog");
        if (node == null) {
            return EventLogRules.NONE;
        }
        Fields f = Fields.of(node, spec.path("eventLog"), spec.errors(),
                "requireSecureBoot", "allowedBootApplications", "forbiddenEvents");
        if (f == null) {
            return EventLogRules.NONE;
        }
        Boolean secureBoot = f.bool("requireSecureBoot");
        Node apps = f.node("allowedBootApplications");
        List<String> allowed = apps == null ? List.of()
                : digests(apps, f.path("allowedBootApplications"), f.errors(), PcrBank.SHA256);
        List<ForbiddenEvent> forbidden = new ArrayList<>();
        List<Node> items = f.list("forbiddenEvents", false);
        for (int i = 0; items != null && i < items.size(); i++) {
            forbidden(items.get(i), Errors.index(f.path("forbiddenEvents"), i), f.errors()).ifPresent(forbidden::add);
        }
        return new EventLogRules(Boolean.TRUE.equals(secureBoot), allowed == null ? List.of() : allowed, forbidden);
    }

    private static Optional<ForbiddenEvent> forbidden(Node item, String path, Errors errors) {
        if (item instanceof Node.Scalar) {
            String type = Fields.text(item, path, errors);
            return type != null && eventType(item, type, path, errors) ? Optional.of(ForbiddenEvent.type(type)) : Optional.empty();
        }
        Fields f = Fields.of(item, path, errors, "type", "digest");
        if (f == null) {
            return Optional.empty();
        }
        String type = f.string("type", true);
        String digest = f.string("digest", false);
        boolean ok = type != null && eventType(f.node("type"), type, f.path("type"), errors);
        if (digest != null) {
            String problem = Hex.problem(digest, 32, "event sha256 digest");
            if (problem != null) {
                errors.add(f.node("digest"), f.path("digest"), problem);
                ok = false;
            }
        }
        return ok ? Optional.of(new ForbiddenEvent(type, Optional.ofNullable(digest))) : Optional.empty();
    }

    private static boolean eventType(Node at, String type, String path, Errors errors) {
        if (AttestationPolicy.isEventTypeName(type)) {
            return true;
        }
        errors.add(at, path, "must be a TCG event type name such as EV_EFI_ACTION, not \"" + type + "\"");
        return false;
    }
}
