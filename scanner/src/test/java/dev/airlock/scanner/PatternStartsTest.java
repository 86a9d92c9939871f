package dev.airlock.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.scanner.RuleSet.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The literals a pattern's matches start with, and that searching from them finds what find() finds. */
class PatternStartsTest {

  @Nested
  @DisplayName("reading a pattern's start literals")
  class Reading {

    @Test
    void shouldGiveTheAlternativesOfALeadingGroupWhenAWordBoundaryComesFirst() {
      assertThat(literals("\\b(?:exec|eval)\\s*\\(")).containsExactly("exec", "eval");
    }

    @Test
    void shouldPassOverLookBehindAndJoinAPrefixWithTheGroupThatFollows() {
      assertThat(literals("(?<![\\w.])(?:system|popen)\\s*\\(")).containsExactly("system", "popen");
      assertThat(literals("\\.(?:sendall|sendto|send)\\s*\\(")).containsExactly(".sendall", ".sendto", ".send");
    }

    @Test
    void shouldExpandSmallClassesOfLiteralCharactersWhenTheyStartAnAlternative() {
      assertThat(literals("\\bstartfile\\s*\\(|[\"'`]start\\s+|\\b[wc]script(?:\\.exe)?\\s"))
          .containsExactly("startfile", "\"start", "'start", "`start", "wscript", "cscript");
    }

    @Test
    void shouldLowerTheLiteralsAndIgnoreCaseWhenThePatternStartsWithCaseInsensitiveFlag() {
      Optional<PatternStarts> starts = PatternStarts.of("(?i)invoke-(?:webrequest|restmethod)|\\bdownload(?:string|file)\\s*\\(");
      assertThat(starts).hasValueSatisfying(s -> {
        assertThat(s.ignoreCase()).isTrue();
        assertThat(s.literals()).containsExactly("invoke-webrequest", "invoke-restmethod", "downloadstring",
            "downloadfile");
      });
    }

    @Test
    void shouldStopBeforeACharacterThatIsOptionalOrCounted() {
      assertThat(literals("abc?d")).containsExactly("ab");
      assertThat(literals("\\bexec\\s*\\(")).containsExactly("exec");
      assertThat(literals("(?:\\\\x[0-9a-f]{2}){120,}")).containsExactly("\\x");
    }

    @Test
    void shouldGiveNoneWhenAnAlternativeCanStartAnywhereOrTheLiteralIsTooShort() {
      assertThat(PatternStarts.of("(?m)^[ \\t]*\\w+\\s*=")).isEmpty();
      assertThat(PatternStarts.of("\\bfoo|\\w+bar")).isEmpty();
      assertThat(PatternStarts.of("\\b_{6,}\\s*=")).isEmpty();
      assertThat(PatternStarts.of("a(?:b|c)")).hasValueSatisfying(s -> assertThat(s.literals())
          .containsExactly("ab", "ac"));
      assertThat(PatternStarts.of("[=,][ \\t]*exec")).isEmpty();
      assertThat(PatternStarts.of("(?:a|bc)d")).isEmpty();
    }

    @Test
    void shouldGiveNoneWhenFlagsChangeInsideThePattern() {
      assertThat(PatternStarts.of("(?i:\\bfoo)bar")).isEmpty();
      assertThat(PatternStarts.of("foo(?i)bar")).isEmpty();
      assertThat(PatternStarts.of("(?x)foo bar")).isEmpty();
    }

    private List<String> literals(String regex) {
      return PatternStarts.of(regex).orElseThrow().literals();
    }
  }

  @Nested
  @DisplayName("searching from the start literals")
  class Searching {

    @Test
    void shouldFindEveryMatchFindFindsWhenTheBuiltinPatternsRunOverTextMadeOfTheirOwnPieces() {
      // Given: every built-in pattern whose start literals can be told, and text made of those
      // literals, hints and the punctuation patterns look for, in random case
      List<Condition> conditions = RuleSet.builtin().conditions();
      List<String> words = new ArrayList<>();
      int withStarts = 0;
      for (Condition condition : conditions) {
        words.addAll(condition.hints());
        for (Optional<PatternStarts> starts : condition.starts()) {
          if (starts.isPresent()) {
            withStarts++;
            words.addAll(starts.get().literals());
          }
        }
      }
      words.addAll(List.of("os", ".", "(", ")", "('", "\")", " ", "  ", "\n", "\t", "=", ",", "import ", "0x", "1",
          "/bin/sh", "base64", "decode", "http://", "https://203.0.113.9/", "1.2.3.4", "'", "\"", "`", "|", "; ",
          "sh", "x", "_", "__"));
      Random random = new Random(2126);
      assertThat(withStarts).as("patterns with start literals").isGreaterThan(100);

      for (int round = 0; round < 30; round++) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 20_000) {
          String word = words.get(random.nextInt(words.size()));
          sb.append(random.nextInt(5) == 0 ? word.toUpperCase(java.util.Locale.ROOT) : word);
        }
        String text = sb.toString();
        PatternStarts.Occurrences occurrences = new PatternStarts.Occurrences(text);

        for (Condition condition : conditions) {
          for (int p = 0; p < condition.patterns().size(); p++) {
            Optional<PatternStarts> starts = condition.starts().get(p);
            if (starts.isEmpty()) {
              continue;
            }
            Pattern pattern = condition.patterns().get(p);
            int from = random.nextInt(text.length() / 2);
            int to = from + random.nextInt(text.length() - from);

            // When
            List<String> expected = byFind(pattern, text, from, to);
            List<String> actual = byStarts(pattern, starts.get(), occurrences, text, from, to);

            // Then
            assertThat(actual).as("%s in [%d, %d)", pattern, from, to).isEqualTo(expected);
          }
        }
      }
    }

    private List<String> byFind(Pattern pattern, String text, int from, int to) {
      Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      m.region(from, to);
      List<String> found = new ArrayList<>();
      while (m.find()) {
        found.add(m.start() + "-" + m.end());
      }
      return found;
    }

    private List<String> byStarts(Pattern pattern, PatternStarts starts, PatternStarts.Occurrences occurrences,
        String text, int from, int to) {
      Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      List<String> found = new ArrayList<>();
      for (int at = occurrences.next(starts, from, to); at >= 0; ) {
        m.region(at, to);
        int next = at + 1;
        if (m.lookingAt()) {
          found.add(m.start() + "-" + m.end());
          next = Math.max(next, m.end());
        }
        at = occurrences.next(starts, next, to);
      }
      return found;
    }
  }
}
