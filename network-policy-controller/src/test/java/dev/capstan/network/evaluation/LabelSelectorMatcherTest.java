package dev.capstan.network.evaluation;

import static dev.capstan.network.testing.Np.all;
import static dev.capstan.network.testing.Np.expression;
import static dev.capstan.network.testing.Np.labels;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorMatcherTest {

  private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");
  private static final Map<String, String> NONE = Map.of();

  static Stream<Arguments> cases() {
    LabelSelector both =
        new LabelSelectorBuilder()
            .addToMatchLabels("app", "web")
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("In")
            .withValues("back")
            .endMatchExpression()
            .build();
    return Stream.of(
        Arguments.of("empty selector matches everything", all(), NONE, true),
        Arguments.of("null selector (not given) compiles to everything", null, WEB, true),
        Arguments.of("matchLabels equal", labels("app", "web"), WEB, true),
        Arguments.of("matchLabels other value", labels("app", "db"), WEB, false),
        Arguments.of("matchLabels missing key", labels("app", "web"), NONE, false),
        Arguments.of("In hit", expression("app", "In", "db", "web"), WEB, true),
        Arguments.of("In miss", expression("app", "In", "db"), WEB, false),
        Arguments.of("In absent key", expression("app", "In", "web"), NONE, false),
        Arguments.of("NotIn hit", expression("app", "NotIn", "web"), WEB, false),
        Arguments.of("NotIn other value", expression("app", "NotIn", "db"), WEB, true),
        Arguments.of("NotIn absent key matches", expression("app", "NotIn", "web"), NONE, true),
        Arguments.of("Exists", expression("tier", "Exists"), WEB, true),
        Arguments.of("Exists absent", expression("tier", "Exists"), NONE, false),
        Arguments.of("DoesNotExist", expression("tier", "DoesNotExist"), WEB, false),
        Arguments.of("DoesNotExist absent", expression("tier", "DoesNotExist"), NONE, true),
        Arguments.of("matchLabels AND matchExpressions", both, WEB, false),
        Arguments.of("In without values is invalid: nothing", expression("app", "In"), WEB, false),
        Arguments.of(
            "Exists with values is invalid", expression("app", "Exists", "web"), WEB, false),
        Arguments.of("unknown operator is invalid", expression("app", "Gt", "1"), WEB, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches(String rule, LabelSelector selector, Map<String, String> labels, boolean expected) {
    assertThat(LabelSelectorMatcher.of(selector).matches(labels)).isEqualTo(expected);
  }
}
