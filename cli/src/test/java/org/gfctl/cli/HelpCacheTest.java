package org.gfctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelpCacheTest {

    @Test
    void cachedHelp_equalsTheLiveRendering() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(HelpCache.print(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .as("the build writes gfctl-help.txt at process-classes").isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(HelpCache.render());
    }
}
