package cn.gongkai.hub.web.console;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** After signing in, the form goes back only to a console page: never to another site. */
class SafeNextTest {
    @ParameterizedTest
    @ValueSource(strings = {"/console/items", "/console/deliveries?state=DEAD&channel=sms", "/console/items/12/edit"})
    void should_go_back_to_a_console_page(String next) {
        assertThat(SignInController.safeNext(next)).isEqualTo(next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example/console/", "/console//evil.example", "/api/items",
            "/console/\\evil", "/console/items\r\nSet-Cookie: x=1", "javascript:alert(1)", ""})
    void should_go_to_the_dashboard_for_anything_else(String next) {
        assertThat(SignInController.safeNext(next)).isEqualTo("/console/");
    }
}
