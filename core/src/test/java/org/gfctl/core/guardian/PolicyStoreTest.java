package org.gfctl.core.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.gfctl.core.GfctlException;
import org.gfctl.core.UsageException;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.Policies;
import org.gfctl.core.store.StoreCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path that stores a policy keeps the same rules: names are one namespace for every kind, so
 * none replaces a policy of another kind, and a CompliancePolicy is stored only as "compliance".
 */
class PolicyStoreTest {
    private static final String RELEASE = String.join("\n", "apiVersion: gfctl.io/v1", "kind: ReleasePolicy",
            "metadata:", "  name: NAME", "spec:", "  rules:", "    - hostGroups: ['*']", "      volumes:",
            "        names: ['*']", "");
    private static final String COMPLIANCE = String.join("\n", "apiVersion: gfctl.io/v1", "kind: CompliancePolicy",
            "metadata:", "  name: NAME", "spec:", "  cryptoperiodDays: 90", "");

    @TempDir
    Path dir;
    FabricStore store;

    @BeforeEach
    void open() {
        store = FabricStore.open(FabricStore.defaultUrl(dir), StoreCredentials.none());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCompliancePolicy_isStoredOnlyAsCompliance_andReadBack() {
        assertThatThrownBy(() -> PolicyStore.put(store, COMPLIANCE.replace("NAME", "km-4")))
                .isInstanceOf(UsageException.class).hasMessageContaining("applied under the name compliance");
        assertThat(store.policies().names()).isEmpty();
        PolicyStore.put(store, COMPLIANCE.replace("NAME", "compliance"));
        assertThat(PolicyStore.compliance(store)).hasValueSatisfying(c -> assertThat(c.thresholds().cryptoperiodDays())
                .isEqualTo(90));
        assertThat(PolicyStore.complianceNameTakenBy(store)).isEmpty();
    }

    @Test
    void aPolicyOfAnotherKind_neverReplacesAStoredOne_onAnyPath() throws Exception {
        PolicyStore.put(store, RELEASE.replace("NAME", "default"));
        assertThatThrownBy(() -> PolicyStore.put(store, COMPLIANCE.replace("NAME", "compliance").replace("compliance\n",
                "default\n"))).isInstanceOf(UsageException.class);
        // attest --policy FILE: a file of another kind is refused before anything is stored
        Path file = Files.writeString(dir.resolve("release.yaml"), RELEASE.replace("NAME", "other"));
        assertThatThrownBy(() -> PolicyStore.attestation(store, file.toString())).isInstanceOf(GfctlException.class)
                .hasMessageContaining("not an AttestationPolicy");
        assertThat(store.policies().find("other")).isEmpty();
        assertThat(store.policies().find("default")).hasValueSatisfying(s -> assertThat(s.kind()).isEqualTo("ReleasePolicy"));
    }

    @Test
    void theComplianceName_heldByAnotherKind_isReported_andAMalformedOneIsAnError() throws Exception {
        PolicyStore.put(store, RELEASE.replace("NAME", "compliance"));
        assertThat(PolicyStore.compliance(store)).isEmpty();
        assertThat(PolicyStore.complianceNameTakenBy(store)).hasValue("ReleasePolicy");

        FabricStore other = FabricStore.open(FabricStore.defaultUrl(Files.createDirectories(dir.resolve("other"))),
                StoreCredentials.none());
        try (other) {
            other.policies().put(new Policies.Stored("compliance", "CompliancePolicy", "0".repeat(64),
                    COMPLIANCE.replace("NAME", "compliance").replace("90", "0"), Instant.now()));
            assertThatThrownBy(() -> PolicyStore.compliance(other)).isInstanceOf(GfctlException.class)
                    .hasMessageContaining("no longer validates").hasMessageContaining("policy validate --apply");
        }
    }
}
