package org.gfctl.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one freshly manufactured {@link Swtpm} per test class, killed afterwards.
 *
 * <p>Use {@code @ExtendWith(SwtpmExtension.class)} and take a {@link Swtpm} parameter in a test,
 * lifecycle method or constructor. The TPM state and its CA live in a temp directory that is
 * deleted after the class.
 */
public final class SwtpmExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SwtpmExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory("gfctl-swtpm-");
        context.getStore(NS).put("dir", dir);
        context.getStore(NS).put("tpm", Swtpm.start(dir));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Swtpm tpm = context.getStore(NS).remove("tpm", Swtpm.class);
        if (tpm != null) {
            tpm.close();
        }
        TempDirs.delete(context.getStore(NS).remove("dir", Path.class));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Swtpm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Swtpm tpm = context.getStore(NS).get("tpm", Swtpm.class);
        if (tpm == null) {
            throw new IllegalStateException("no swtpm for " + context.getDisplayName());
        }
        return tpm;
    }
}
