package org.gfctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.gfctl.testing.Golden;
import org.junit.jupiter.api.Test;

class CompletionTest {

    @Test
    void bashCompletion_matchesGoldenFile_andKnowsTheCommands() {
        GfctlRunner.Result r = GfctlRunner.run("completion", "bash");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("shield-vm").contains("--owner-key").contains("rotate-key");
        Golden.assertMatches("gfctl-completion.bash", r.out());
    }

    @Test
    void zshCompletion_isTheBashScriptBehindACompdefLine() {
        GfctlRunner.Result r = GfctlRunner.run("completion", "zsh");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("#compdef gfctl\n").contains("bashcompinit");
    }

    @Test
    void unknownShell_isAUsageError() {
        assertThat(GfctlRunner.run("completion", "fish").exitCode()).isEqualTo(2);
    }
}
