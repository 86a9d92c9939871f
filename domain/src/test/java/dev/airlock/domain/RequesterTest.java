package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who asked: the marker for rows a change did not add, and replacing requesters in a parsed file. */
class RequesterTest {

  @Test
  void shouldSayTheRowWasAskedForEarlierWhenTheChangeDidNotAddIt() {
    // When
    Requester earlier = Requester.outsideChange();

    // Then
    assertThat(earlier.outsideThisChange()).isTrue();
    assertThat(earlier).isNotEqualTo(Requester.unknown());
    assertThat(earlier).hasToString("unknown (asked before this change)");
    assertThat(Requester.of("alice").outsideThisChange()).isFalse();
  }

  @Test
  void shouldReplaceEveryRequesterAndKeepLinesErrorsAndWarningsWhenAttributed() {
    // Given
    ParsedRequestFile parsed = new RequestFileParser().parse("""
        requests,https://files.pythonhosted.org/packages/requests-2.32.3.tar.gz
        broken
        lodash,https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz
        """);

    // When
    ParsedRequestFile attributed = parsed
        .withRequesters(r -> r.name().equals("lodash") ? Requester.of("bob") : Requester.outsideChange(),
            List.of("first"))
        .withRequesters(PackageRequest::requester, List.of("second"));

    // Then
    assertThat(attributed.requests()).extracting(PackageRequest::requester)
        .containsExactly(Requester.outsideChange(), Requester.of("bob"));
    assertThat(attributed.requests()).extracting(r -> r.line().getAsInt()).containsExactly(1, 3);
    assertThat(attributed.errors()).isEqualTo(parsed.errors());
    assertThat(attributed.warnings()).containsExactly("first", "second");
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void shouldKeepOnlyTheRowsAndRowErrorsOnTheChosenLinesWhenRestrictedToAChangesLines() {
    // Given rows on lines 1 to 4, line 2 unreadable
    ParsedRequestFile parsed = new RequestFileParser().parse("""
        requests,https://files.pythonhosted.org/packages/requests-2.32.3.tar.gz
        broken
        lodash,https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz
        numpy,https://files.pythonhosted.org/packages/numpy-2.1.0.tar.gz
        """).withRequesters(PackageRequest::requester, List.of("attributed by head"));

    // When only lines 2 and 4 were added
    ParsedRequestFile added = parsed.onlyLines(line -> line == 2 || line == 4);

    // Then
    assertThat(added.requests()).extracting(PackageRequest::name).containsExactly("numpy");
    assertThat(added.errors()).extracting(RowError::line).containsExactly(2);
    assertThat(added.warnings()).containsExactly("attributed by head");
    assertThat(parsed.onlyLines(line -> false).requests()).isEmpty();
  }
}
