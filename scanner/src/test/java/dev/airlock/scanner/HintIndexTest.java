package dev.airlock.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.scanner.RuleSet.Condition;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hint search finds every hint exactly where a plain case-blind comparison at every offset does. */
class HintIndexTest {
  private static final int WINDOWS = 32;

  @Test
  void shouldFindTheSameHintsAsRegionMatchesAtEveryOffsetWhenTextMixesCaseAndLookAlikeLetters() {
    // Given: the built-in rules' hints, and text made of their pieces in random case, mixed with
    // characters that equal ASCII letters only ignoring case (Kelvin sign, dotted capital I, long s)
    RuleSet rules = RuleSet.builtin();
    List<Condition> conditions = rules.conditions();
    List<String> hints = conditions.stream().flatMap(c -> c.hints().stream()).distinct().toList();
    Random random = new Random(21);
    BitSet every = new BitSet();
    conditions.forEach(c -> every.set(c.index()));

    for (int round = 0; round < 40; round++) {
      String text = randomText(random, hints, 6_000);
      BitSet open = (BitSet) every.clone();
      if (round % 2 == 1) {
        open.clear(0, conditions.size() / 2); // some conditions already matched
      }

      // When
      int[][] positions = new int[conditions.size()][WINDOWS];
      int[] found = new int[conditions.size()];
      new HintIndex(conditions).find(text, open, positions, found);
      int[][] onlyPositions = new int[conditions.size()][WINDOWS];
      int[] onlyFound = new int[conditions.size()];
      rules.hints(open).find(text.toCharArray(), text.length(), open, onlyPositions, onlyFound);

      // Then
      int[][] expectedPositions = new int[conditions.size()][WINDOWS];
      int[] expectedFound = new int[conditions.size()];
      reference(text, conditions, open, expectedPositions, expectedFound);
      assertThat(found).containsExactly(expectedFound);
      assertThat(positions).isDeepEqualTo(expectedPositions);
      assertThat(onlyFound).containsExactly(expectedFound);
      assertThat(onlyPositions).isDeepEqualTo(expectedPositions);
      assertThat(java.util.Arrays.stream(expectedFound).sum()).as("hints in the text").isGreaterThan(100);
    }
  }

  @Test
  void shouldFindAHintWrittenInCapitalsOrWithTheKelvinSignWhenTheHintIsLowerCase() {
    // Given: the built-in hint 'xmrig' (cryptominer) written as XMRIG and with U+212A for K in 'kube'
    RuleSet rules = RuleSet.builtin();
    List<Condition> conditions = rules.conditions();
    BitSet every = new BitSet();
    conditions.forEach(c -> every.set(c.index()));
    Condition minerCondition = conditions.stream().filter(c -> c.hints().contains("xmrig")).findFirst().orElseThrow();
    int miner = minerCondition.index();
    long spellings = minerCondition.hints().stream().filter("xmrig"::equalsIgnoreCase).count(); // xmrig, XMRig
    int kube = conditions.stream().filter(c -> c.hints().contains(".kube")).findFirst().orElseThrow().index();

    // When
    int[][] positions = new int[conditions.size()][WINDOWS];
    int[] found = new int[conditions.size()];
    String text = "run XMRIG now; cat ~/.\u212Aube/config";
    rules.hints(every).find(text.toCharArray(), text.length(), every, positions, found);

    // Then
    assertThat(found[miner]).isEqualTo((int) spellings);
    assertThat(positions[miner][0]).isEqualTo(4);
    assertThat(found[kube]).isEqualTo(1);
    assertThat(positions[kube][0]).isEqualTo(text.indexOf(".\u212Aube"));
  }

  /** What the search did before it was made fast: a hashed first-two-character filter and regionMatches. */
  private static void reference(String text, List<Condition> conditions, BitSet open, int[][] positions,
      int[] found) {
    for (int start = 0; start + 1 < text.length(); start++) {
      for (Condition condition : conditions) {
        // a hint listed twice by one condition (popen, Popen) counts twice, as it always did
        for (String hint : condition.hints()) {
          String lower = hint.toLowerCase(Locale.ROOT);
          boolean sameKey = key(text.charAt(start), text.charAt(start + 1)) == key(lower.charAt(0), lower.charAt(1));
          if (sameKey && text.regionMatches(true, start, lower, 0, lower.length()) && open.get(condition.index())) {
            int n = found[condition.index()]++;
            if (n < positions[condition.index()].length) {
              positions[condition.index()][n] = start;
            }
          }
        }
      }
    }
  }

  private static int key(char a, char b) {
    return ((Character.toLowerCase(a) * 31) ^ Character.toLowerCase(b)) & 0xffff;
  }

  private static String randomText(Random random, List<String> hints, int length) {
    String odd = "\u212A\u0130\u0131\u017F\u00DF\u00E9 \n\t()._-/'\"";
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      int pick = random.nextInt(10);
      if (pick < 4) {
        String hint = hints.get(random.nextInt(hints.size()));
        for (char c : hint.toCharArray()) {
          sb.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
      } else if (pick < 7) {
        sb.append(odd.charAt(random.nextInt(odd.length())));
      } else {
        sb.append((char) ('a' + random.nextInt(26)));
      }
    }
    return Pattern.compile("\\s+$").matcher(sb).replaceAll("");
  }
}
