package org.gfctl.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link SoftHsm} token store per test class, in a temp directory deleted
 * afterwards. Take a {@link SoftHsm} parameter and call {@link SoftHsm#createToken} for tokens;
 * run the code that uses them with {@link SoftHsm#environment()} (see {@link SoftHsm} for why).
 */
public final class SoftHsmExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SoftHsmExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory("gfctl-softhsm-");
        context.getStore(NS).put("dir", dir);
        context.getStore(NS).put("hsm", SoftHsm.create(dir));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        context.getStore(NS).remove("hsm", SoftHsm.class);
        TempDirs.delete(context.getStore(NS).remove("dir", Path.class));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SoftHsm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SoftHsm hsm = context.getStore(NS).get("hsm", SoftHsm.class);
        if (hsm == null) {
            throw new IllegalStateException("no SoftHSM for " + context.getDisplayName());
        }
        return hsm;
    }
}
