package org.gfctl.policy.attestation;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.gfctl.policy.Metadata;
import org.gfctl.policy.PolicyDocument;
import org.gfctl.policy.internal.Durations;
import org.gfctl.policy.internal.Hex;
import org.gfctl.policy.internal.Pem;

/**
 * An {@code AttestationPolicy} document: which TPMs are trusted, which measured states count as
 * healthy, and how long a health certificate issued on that basis lives.
 *
 * <p>The guardian evaluates it on verified evidence ({@link #evaluate}); its {@link #digest()} goes
 * into every health certificate it justifies. Read one with
 * {@link org.gfctl.policy.PolicyLoader#loadAttestation}; make one from a known-good host with
 * {@link #baseline}.
 *
 * @param trustedTpmRoots           TPM vendor roots and intermediates EK certificates must chain to
 * @param pcrBank                   the bank quotes must come from
 * @param pcrs                      PCR index to its allowed lower-case hex values; each listed PCR must be quoted
 *                                  and match one of them
 * @param eventLog                  the event-log rules
 * @param healthCertificateLifetime how long a health certificate stays valid (positive, at most {@link #MAX_LIFETIME})
 */
public record AttestationPolicy(Metadata metadata, List<X509Certificate> trustedTpmRoots, PcrBank pcrBank,
        Map<Integer, List<String>> pcrs, EventLogRules eventLog, Duration healthCertificateLifetime)
        implements PolicyDocument {

    public static final String KIND = "AttestationPolicy";
    /** As HGS, which makes hosts re-attest every 8 hours. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
    /** A health certificate outliving a week would make revocation by policy change meaningless. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);
    /** TPM 2.0 PC Client platforms have 24 PCRs (PC Client PTP §4.6.1). */
    public static final int PCR_COUNT = 24;

    private static final Pattern EVENT_TYPE = Pattern.compile("EV_[A-Z0-9_]+");

    public AttestationPolicy {
        Objects.requireNonNull(metadata, "metadata");
        trustedTpmRoots = List.copyOf(trustedTpmRoots);
        Objects.requireNonNull(pcrBank, "pcrBank");
        if (pcrs.isEmpty()) {
            throw new IllegalArgumentException("spec.pcrs: at least one PCR must be required; a policy that checks "
                    + "no PCR would call any host healthy");
        }
        TreeMap<Integer, List<String>> copy = new TreeMap<>();
        for (Map.Entry<Integer, List<String>> e : pcrs.entrySet()) {
            int index = requirePcrIndex(e.getKey());
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("spec.pcrs." + index + ": needs at least one allowed value");
            }
            copy.put(index, e.getValue().stream()
                    .map(v -> Hex.require(v, pcrBank.digestBytes(), pcrBank.bankName() + " digest")).distinct().toList());
        }
        pcrs = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(eventLog, "eventLog");
        requireLifetime(healthCertificateLifetime);
    }

    /**
     * A policy that admits exactly the given state, as HGS's {@code Get-HgsAttestationBaselinePolicy}
     * does: each given PCR must keep its value, Secure Boot must stay on if it is on, and only the
     * boot applications seen may run.
     */
    public static AttestationPolicy baseline(String name, String bank, Map<Integer, byte[]> pcrs,
            List<EventFact> events, Duration lifetime) {
        PcrBank b = PcrBank.require(bank);
        Map<Integer, List<String>> allowed = new TreeMap<>();
        pcrs.forEach((index, value) -> allowed.put(index, List.of(Hex.encode(value))));
        boolean secureBoot = events.stream().anyMatch(e -> e.secureBoot().orElse(false))
                && events.stream().noneMatch(e -> !e.secureBoot().orElse(true));
        List<String> apps = events.stream().filter(e -> e.type().equals(EventFact.BOOT_APPLICATION))
                .map(EventFact::sha256).distinct().toList();
        return new AttestationPolicy(Metadata.of(name, "baseline: the measured state of one known-good host"),
                List.of(), b, allowed, new EventLogRules(secureBoot, apps, List.of()), lifetime);
    }

    /** {@link #baseline(String, String, Map, List, Duration)} of one host's evidence. */
    public static AttestationPolicy baseline(String name, Evidence evidence, Duration lifetime) {
        return baseline(name, evidence.bank(), evidence.pcrs(), evidence.events(), lifetime);
    }

    /** Every rule of this policy applied to {@code evidence}, each with its explanation. */
    public Verdict evaluate(Evidence evidence) {
        return new Verdict(name(), digest(), Evaluation.of(this, evidence));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> toTree() {
        Map<String, Object> pcrTree = new LinkedHashMap<>();
        pcrs.forEach((index, values) -> pcrTree.put(Integer.toString(index), values));
        List<Object> forbidden = new ArrayList<>();
        for (ForbiddenEvent f : eventLog.forbiddenEvents()) {
            forbidden.add(f.sha256().<Object>map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", f.type());
                m.put("digest", d);
                return m;
            }).orElse(f.type()));
        }
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("requireSecureBoot", eventLog.requireSecureBoot());
        log.put("allowedBootApplications", eventLog.allowedBootApplications());
        log.put("forbiddenEvents", forbidden);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("trustedTpmRoots", trustedTpmRoots.stream().map(Pem::encode).toList());
        spec.put("pcrBank", pcrBank.bankName());
        spec.put("pcrs", pcrTree);
        spec.put("eventLog", log);
        spec.put("healthCertificateLifetime", healthCertificateLifetime.toString());
        return PolicyDocument.tree(KIND, metadata, spec);
    }

    /** {@code index} if it is a PCR index (0..23); throws otherwise. */
    public static int requirePcrIndex(int index) {
        if (index < 0 || index >= PCR_COUNT) {
            throw new IllegalArgumentException("PCR index must be 0.." + (PCR_COUNT - 1) + ", not " + index);
        }
        return index;
    }

    /** Whether {@code name} looks like a TCG event type name ({@code EV_...}). */
    public static boolean isEventTypeName(String name) {
        return EVENT_TYPE.matcher(name).matches();
    }

    private static void requireLifetime(Duration d) {
        Objects.requireNonNull(d, "healthCertificateLifetime");
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("spec.healthCertificateLifetime: must be positive and at most "
                    + Durations.format(MAX_LIFETIME) + ", not " + Durations.format(d));
        }
    }
}
