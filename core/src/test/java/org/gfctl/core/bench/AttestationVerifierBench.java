package org.gfctl.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gfctl.core.guardian.AttestationEvidence;
import org.gfctl.core.guardian.EvidenceVerifier;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.host.HostState;
import org.gfctl.policy.attestation.AttestationPolicy;
import org.gfctl.policy.attestation.Verdict;
import org.gfctl.testing.Swtpm;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.key.TpmPublic;
import org.gfctl.tpm.pcr.PcrSelection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Guardian-side verification throughput of one attestation on one thread: quote signature,
 * binding-key certification, event-log parse and replay, policy (issue 4, "Performance": at least
 * 2,000 attestations/s per core).
 *
 * <p>The evidence is real: a swtpm with a {@value MeasuredBoot#EVENTS}-event measured boot, an RSA-2048
 * AK and a certified binding key, quoted over PCRs 0-7. The TPM work happens once in the trial
 * setup; only the guardian's pure-Java checks are measured. {@link CpuTime} reports the thread's CPU
 * time per operation next to ops/s, for shared machines. Run with {@code bench/attest-verify.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class AttestationVerifierBench {
    private static final PcrSelection PCRS = PcrSelection.of(0, 1, 2, 3, 4, 5, 6, 7);

    private Path dir;
    private Swtpm swtpm;
    private byte[] nonce;
    private TpmPublic akPublic;
    private AttestationEvidence withLog;
    private AttestationPolicy withLogPolicy;
    private AttestationEvidence withoutLog;
    private AttestationPolicy withoutLogPolicy;

    @Setup(Level.Trial)
    public void quoteOnSwtpm() throws Exception {
        dir = Files.createTempDirectory("gfctl-bench-");
        swtpm = Swtpm.start(Files.createDirectories(dir.resolve("swtpm")));
        Path log = MeasuredBoot.measure(swtpm.spec(), dir.resolve("boot.log"));
        nonce = new byte[32];
        new java.security.SecureRandom().nextBytes(nonce);
        try (HostAgent agent = HostAgent.open(TpmSpec.parse(swtpm.spec()), HostState.at(dir.resolve("host")))) {
            akPublic = TpmPublic.parseTpm2b(agent.enrollmentRequest("bench", "bench").akPublic());
            withLog = agent.evidence("bench", nonce, PCRS, Optional.of(log), false);
        }
        // The quote does not cover the log, so the same evidence without it is a valid PCR-only attestation.
        withoutLog = new AttestationEvidence(withLog.hostName(), withLog.nonce(), withLog.quoteAttest(),
                withLog.quoteSignature(), withLog.pcrs(), withLog.pcrValues(), null, withLog.bindingKeyPublic(),
                withLog.certifyAttest(), withLog.certifySignature());
        withLogPolicy = baseline(withLog);
        withoutLogPolicy = baseline(withoutLog);
        requirePasses(withLog, withLogPolicy);
        requirePasses(withoutLog, withoutLogPolicy);
    }

    @TearDown(Level.Trial)
    public void stopSwtpm() throws IOException {
        if (swtpm != null) {
            swtpm.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Quote signature + certify check + 60-event log parse and replay + policy. */
    @Benchmark
    public void verifyWithEventLog(Blackhole bh, CpuTime cpu) {
        cpu.count();
        bh.consume(verify(withLog, withLogPolicy));
    }

    /** Quote signature + certify check + policy on PCR values alone, for comparison. */
    @Benchmark
    public void verifyWithoutEventLog(Blackhole bh, CpuTime cpu) {
        cpu.count();
        bh.consume(verify(withoutLog, withoutLogPolicy));
    }

    private Verdict verify(AttestationEvidence e, AttestationPolicy policy) {
        EvidenceVerifier.Result result = EvidenceVerifier.verify(e, akPublic, nonce);
        return policy.evaluate(result.evidence().get());
    }

    /** As Attestor#adoptBaseline: the host's verified state becomes its policy. */
    private AttestationPolicy baseline(AttestationEvidence e) {
        EvidenceVerifier.Result r = EvidenceVerifier.verify(e, akPublic, nonce);
        if (!r.passed() || r.evidence().isEmpty()) {
            throw new IllegalStateException("bench evidence does not verify: " + r.checks());
        }
        return AttestationPolicy.baseline("baseline-bench", r.evidence().get(), AttestationPolicy.DEFAULT_LIFETIME);
    }

    /** A benchmark of the refusal path would measure something else: fail the trial instead. */
    private void requirePasses(AttestationEvidence e, AttestationPolicy policy) {
        EvidenceVerifier.Result r = EvidenceVerifier.verify(e, akPublic, nonce);
        Verdict v = policy.evaluate(r.evidence().orElseThrow());
        if (!r.passed() || !v.passed()) {
            throw new IllegalStateException("bench evidence is refused: " + r.checks() + " " + v.summary());
        }
    }
}
