package cn.gongkai.hub.camel.stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Language;

/**
 * Plain contexts for the component tests.
 *
 * <p>A CamelContext resolves the {@code simple} language while it starts and fails without it. It lives in
 * {@code camel-core-languages}, which the pom does not declare yet (camel-core-engine does not bring it). Until it
 * does, the tests bind a stand-in that refuses to evaluate anything; once the real language is on the classpath
 * the stand-in is not bound. The component itself uses no language.
 */
final class TestCamelContexts {

    private TestCamelContexts() {
    }

    static CamelContext newContext() {
        CamelContext context = new DefaultCamelContext();
        if (!simpleLanguageOnClasspath()) {
            context.getRegistry().bind("simple", new MissingSimpleLanguage());
        }
        return context;
    }

    private static boolean simpleLanguageOnClasspath() {
        try {
            Class.forName("org.apache.camel.language.simple.SimpleLanguage", false,
                    TestCamelContexts.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static final class MissingSimpleLanguage implements Language {

        @Override
        public Predicate createPredicate(String expression) {
            throw missing();
        }

        @Override
        public Expression createExpression(String expression) {
            throw missing();
        }

        private static UnsupportedOperationException missing() {
            return new UnsupportedOperationException("simple language: add org.apache.camel:camel-core-languages");
        }
    }
}
