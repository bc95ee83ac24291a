package org.gfctl.core.guardian;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfctl.policy.attestation.EventFact;
import org.gfctl.policy.attestation.Evidence;
import org.gfctl.policy.attestation.RuleResult;
import org.gfctl.tpm.TpmException;
import org.gfctl.tpm.attest.Certification;
import org.gfctl.tpm.attest.CertificationVerifier;
import org.gfctl.tpm.attest.EvidenceRejectedException;
import org.gfctl.tpm.attest.Quote;
import org.gfctl.tpm.attest.QuoteVerifier;
import org.gfctl.tpm.eventlog.DigestAlgorithm;
import org.gfctl.tpm.eventlog.Event;
import org.gfctl.tpm.eventlog.EventLog;
import org.gfctl.tpm.eventlog.EventLogParser;
import org.gfctl.tpm.eventlog.EventType;
import org.gfctl.tpm.eventlog.PcrReplay;
import org.gfctl.tpm.eventlog.UefiVariable;
import org.gfctl.tpm.key.TpmPublic;
import org.gfctl.tpm.pcr.PcrSelection;
import org.gfctl.tpm.pcr.PcrValues;

/**
 * The cryptographic half of attestation, in pure Java: quote signature and nonce, binding-key
 * certification, and event-log replay against the quoted PCRs. Produces the {@link Evidence}
 * the policy then judges.
 *
 * <p>Each check is reported as a rule result with expected and actual values, so a refusal says
 * exactly what was wrong. If the quote itself does not verify nothing else is trusted: the PCR
 * values are then only claims.
 */
public final class EvidenceVerifier {
    private static final int SHA256 = 0x000B;
    private static final int FIXED_TPM = 0x2;
    private static final int FIXED_PARENT = 0x10;
    private static final int SENSITIVE_DATA_ORIGIN = 0x20;
    private static final int RESTRICTED = 0x10000;
    private static final int DECRYPT = 0x20000;
    private static final int SIGN = 0x40000;

    /** Checks done, and the evidence for policy if the quote verified. */
    public record Result(List<RuleResult> checks, Optional<Evidence> evidence, PcrValues pcrs, TpmPublic bindingKey) {
        public boolean passed() {
            return checks.stream().allMatch(RuleResult::passed);
        }
    }

    private EvidenceVerifier() {}

    public static Result verify(AttestationEvidence e, TpmPublic akPublic, byte[] expectedNonce) {
        List<RuleResult> checks = new ArrayList<>();
        PcrValues pcrs = PcrValues.fromConcatenated(PcrSelection.of(e.pcrs().stream().mapToInt(Integer::intValue).toArray()),
                e.pcrValues());
        try {
            QuoteVerifier.forAk(akPublic).verify(Quote.create(e.quoteAttest(), e.quoteSignature(), pcrs), expectedNonce);
            checks.add(pass("quote", "signed by the enrolled AK over the guardian's nonce and the reported PCRs"));
        } catch (EvidenceRejectedException x) {
            checks.add(fail("quote", "a quote by the AK enrolled for " + e.hostName() + " over the guardian's nonce",
                    x.reason() + ": " + x.getMessage()));
            return new Result(checks, Optional.empty(), pcrs, null);
        } catch (TpmException x) {
            checks.add(fail("quote", "a well-formed TPMS_ATTEST and signature", x.getMessage()));
            return new Result(checks, Optional.empty(), pcrs, null);
        }
        TpmPublic binding = bindingKey(e, akPublic, expectedNonce, checks);
        List<EventFact> facts = eventLog(e, pcrs, checks);
        Map<Integer, byte[]> quoted = new LinkedHashMap<>();
        for (int i : pcrs.selection().indices()) {
            quoted.put(i, pcrs.value(i));
        }
        return new Result(checks, Optional.of(Evidence.create("sha256", quoted, facts)), pcrs, binding);
    }

    private static TpmPublic bindingKey(AttestationEvidence e, TpmPublic akPublic, byte[] nonce, List<RuleResult> checks) {
        TpmPublic binding;
        try {
            binding = TpmPublic.parseTpm2b(e.bindingKeyPublic());
            CertificationVerifier.forAk(akPublic).verify(Certification.create(e.certifyAttest(), e.certifySignature()),
                    binding, nonce);
        } catch (TpmException x) {
            checks.add(fail("binding key", "a key certified by the enrolled AK (TPM2_Certify) over the guardian's nonce",
                    x.getMessage()));
            return null;
        }
        int a = binding.attributes();
        int required = FIXED_TPM | FIXED_PARENT | SENSITIVE_DATA_ORIGIN | DECRYPT;
        if ((a & required) != required || (a & (RESTRICTED | SIGN)) != 0 || !binding.isRsa()) {
            checks.add(fail("binding key", "an RSA key with fixedTPM|fixedParent|sensitiveDataOrigin|decrypt, not"
                    + " restricted, not sign", String.format("attributes 0x%08x%s", a, binding.isRsa() ? "" : ", not RSA")));
            return null;
        }
        checks.add(pass("binding key", "TPM-resident RSA decryption key certified by the AK"));
        return binding;
    }

    private static List<EventFact> eventLog(AttestationEvidence e, PcrValues pcrs, List<RuleResult> checks) {
        if (e.eventLog() == null) {
            checks.add(pass("event log", "none supplied: only the quoted PCR values are judged"));
            return List.of();
        }
        EventLog log;
        try {
            log = EventLogParser.parse(e.eventLog());
        } catch (TpmException x) {
            checks.add(fail("event log", "a well-formed TCG event log", x.getMessage()));
            return List.of();
        }
        PcrReplay replay = log.replay();
        var bank = replay.bank(SHA256);
        boolean ok = true;
        for (int i : pcrs.selection().indices()) {
            if (!bank.containsKey(i)) {
                continue;
            }
            byte[] replayed = bank.get(i).value();
            if (!MessageDigest.isEqual(replayed, pcrs.value(i))) {
                ok = false;
                checks.add(fail("event log replay", "PCR " + i + " = " + hex(pcrs.value(i)) + " (quoted)",
                        "PCR " + i + " = " + hex(replayed) + " (replayed from the log): the log does not match the TPM"));
            }
        }
        if (ok) {
            checks.add(pass("event log replay", "replayed SHA-256 PCRs " + bank.keySet() + " equal the quoted values"));
        }
        List<EventFact> facts = new ArrayList<>();
        for (Event ev : log.events()) {
            if (ev.type().equals(EventType.EV_NO_ACTION)) {
                continue;
            }
            String sha = ev.digest(SHA256).map(d -> d.hex()).orElseGet(() -> hex(DigestAlgorithm.SHA256.hash(ev.data())));
            Optional<UefiVariable> var = ev.type().isUefiVariable() ? UefiVariable.tryParse(ev) : Optional.empty();
            if (var.isPresent() && var.get().isSecureBoot()) {
                byte[] d = var.get().data();
                facts.add(EventFact.secureBoot(ev.type().name(), ev.pcr(), sha, d.length > 0 && d[0] == 1));
            } else {
                facts.add(EventFact.of(ev.type().name(), ev.pcr(), sha));
            }
        }
        return facts;
    }

    static RuleResult pass(String rule, String what) {
        return new RuleResult(rule, true, what, what, "ok");
    }

    static RuleResult fail(String rule, String expected, String actual) {
        return new RuleResult(rule, false, expected, actual, rule + ": expected " + expected + ", got " + actual);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
