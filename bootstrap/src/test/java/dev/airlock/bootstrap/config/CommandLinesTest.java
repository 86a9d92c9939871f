package dev.airlock.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The quoting rule of {@code --sarif-command}, as the README documents it. */
class CommandLinesTest {

  @Test
  void shouldSplitOnSpacesAndKeepQuotedTextWhole() {
    assertThat(CommandLines.split("--x", "  eslint  --config '/opt/my tools/eslint.config.mjs' -o {output} {dir} "))
        .containsExactly("eslint", "--config", "/opt/my tools/eslint.config.mjs", "-o", "{output}", "{dir}");
  }

  @Test
  void shouldTreatShellCharactersAsPlainTextWhenTheyAreNotQuotes() {
    assertThat(CommandLines.split("--x", "tool $HOME *.js a|b >out ; rm"))
        .containsExactly("tool", "$HOME", "*.js", "a|b", ">out", ";", "rm");
  }

  @Test
  void shouldHonourBackslashesInDoubleQuotesAndOutsideButNotInSingleQuotes() {
    assertThat(CommandLines.split("--x", "a\"b \\\" \\\\ c\"d 'e\\f' g\\ h"))
        .containsExactly("ab \" \\ cd", "e\\f", "g h");
  }

  @Test
  void shouldKeepAnEmptyQuotedArgument() {
    assertThat(CommandLines.split("--x", "tool '' \"\" end")).containsExactly("tool", "", "", "end");
  }

  @Test
  void shouldReadAJsonArrayWhenTheLineStartsWithABracket() {
    assertThat(CommandLines.split("--x", "[\"java\", \"Tool.java\", \"it's {output}\"]"))
        .containsExactly("java", "Tool.java", "it's {output}");
  }

  @Test
  void shouldFailNamingTheOptionWhenAQuoteIsLeftOpen() {
    assertThatThrownBy(() -> CommandLines.split("--sarif-command", "eslint -o '{output}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--sarif-command has an unclosed ' quote");
  }

  @Test
  void shouldFailWhenTheJsonArrayHoldsSomethingButStrings() {
    assertThatThrownBy(() -> CommandLines.split("--sarif-command", "[\"eslint\", 3]"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must hold only strings");
  }

  @Test
  void shouldFailWhenNoProgramIsNamed() {
    assertThatThrownBy(() -> CommandLines.split("--sarif-command", "[]"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--sarif-command names no program");
  }
}
