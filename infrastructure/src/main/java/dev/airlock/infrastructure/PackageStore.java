package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.Policies.allow;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codeartifact.CfnDomain;
import software.amazon.awscdk.services.codeartifact.CfnPackageGroup;
import software.amazon.awscdk.services.codeartifact.CfnRepository;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The CodeArtifact domain and the one repository Airlock publishes approved packages to, the origin
 * controls that keep it publish-only, the notebooks' read-only install policy and, when asked for, a
 * public PyPI mirror in a domain of its own.
 */
final class PackageStore extends Construct {

  /** The repository of the public PyPI mirror. */
  static final String PYPI_REPOSITORY = "pypi-upstream";

  private final AirlockSettings settings;
  private final CfnDomain domain;
  private final CfnRepository approved;
  private final List<String> packageArns;
  private final ManagedPolicy notebookInstallPolicy;
  private final Optional<CfnRepository> publicPypi;

  PackageStore(Construct scope, String id, AirlockSettings settings, Key key) {
    super(scope, id);
    this.settings = settings;
    domain = LogicalIds.topLevel(CfnDomain.Builder.create(this, "Domain")
        .domainName(settings.codeArtifactDomain())
        .encryptionKey(key.getKeyArn())
        .build());
    domain.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // One repository serves every format Airlock publishes: CodeArtifact repositories are polyglot, so
    // `aws codeartifact login --tool pip` and `--tool npm` point at the same repository, one read
    // permission covers both, and the origin controls below guard one place. It has no upstream and no
    // external connection: every package in it was published by the Airlock build after its scan.
    approved = LogicalIds.topLevel(CfnRepository.Builder.create(this, "ApprovedRepository")
        .domainName(domain.getAttrName())
        .repositoryName(settings.codeArtifactRepository())
        .description("Packages Airlock approved (pypi, npm, generic). Only the Airlock build publishes here;"
            + " notebooks read. No upstream.")
        .build());
    approved.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Origin controls: a package of a format Airlock publishes can enter the domain only by being
    // published to the approved repository, never from an upstream, so nobody can shadow an approved
    // name and nothing unscanned arrives another way.
    approvedOnly("ApprovedNamespace", "/generic/" + settings.codeArtifactNamespace() + "/*",
        "Airlock-approved generic packages: published by the Airlock build only");
    // This logical id once named the group that let pypi-upstream fetch into this domain; keeping it
    // updates that group in place on an existing deployment instead of clashing with it on /pypi/*.
    approvedOnly("PypiPackages", "/pypi/*",
        "Airlock-approved Python packages: published by the Airlock build only, never fetched from upstream");
    approvedOnly("NpmPackages", "/npm/*",
        "Airlock-approved npm packages: published by the Airlock build only, never fetched from upstream");
    publicPypi = settings.pypiUpstream() ? Optional.of(publicPypi(key)) : Optional.empty();
    Stack stack = Stack.of(this);
    packageArns = List.of("pypi/*", "npm/*", "generic/" + settings.codeArtifactNamespace() + "/*").stream()
        .map(formatAndName -> stack.formatArn(ArnComponents.builder()
            .service("codeartifact")
            .resource("package")
            .resourceName(domain.getAttrName() + "/" + approved.getAttrName() + "/" + formatAndName)
            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
            .build()))
        .toList();
    notebookInstallPolicy = createNotebookInstallPolicy();
  }

  /** The domain of the approved packages. */
  CfnDomain domain() {
    return domain;
  }

  /** The one repository Airlock publishes to. */
  CfnRepository approved() {
    return approved;
  }

  /** The package ARNs the build may publish and list: pypi, npm, and generic in Airlock's namespace. */
  List<String> packageArns() {
    return packageArns;
  }

  /** The read-only install policy for notebook roles. */
  ManagedPolicy notebookInstallPolicy() {
    return notebookInstallPolicy;
  }

  /** The public PyPI mirror, in a domain of its own, when asked for. */
  Optional<CfnRepository> publicPypi() {
    return publicPypi;
  }

  /**
   * The cdk-nag pattern of each package ARN, as {@code AwsSolutions-IAM5} names the wildcard
   * resources of a statement granting {@link #packageArns()}.
   */
  List<RegexAppliesTo> packageArnPatterns() {
    String prefix = "package/<" + LogicalIds.of(domain) + ".Name>/<" + LogicalIds.of(approved) + ".Name>/";
    return List.of(Policies.arnPattern("codeartifact", prefix + "pypi/*"),
        Policies.arnPattern("codeartifact", prefix + "npm/*"),
        Policies.arnPattern("codeartifact", prefix + "generic/" + settings.codeArtifactNamespace() + "/*"));
  }

  /** A package group whose packages only the approved repository accepts, and only by direct publishing. */
  private void approvedOnly(String id, String pattern, String description) {
    LogicalIds.topLevel(CfnPackageGroup.Builder.create(this, id)
        .domainName(domain.getAttrName())
        .pattern(pattern)
        .description(description)
        .originConfiguration(origin(restriction("ALLOW_SPECIFIC_REPOSITORIES", approved.getAttrName()),
            restriction("BLOCK", null), restriction("BLOCK", null)))
        .build());
  }

  /**
   * Public PyPI through CodeArtifact, for notebooks without internet access. It lives in a domain of
   * its own: upstreams cannot cross domains, and package groups are per domain, so the approved
   * domain's origin controls stay "published by Airlock only" for every Python name whether or not
   * this mirror exists, and the mirror can never feed the approved repository.
   */
  private CfnRepository publicPypi(Key key) {
    CfnDomain publicDomain = LogicalIds.topLevel(CfnDomain.Builder.create(this, "PublicDomain")
        .domainName(settings.publicCodeArtifactDomain())
        .encryptionKey(key.getKeyArn())
        .build());
    // The logical id of the repository this mirror was before it moved to its own domain.
    CfnRepository pypi = LogicalIds.topLevel(CfnRepository.Builder.create(this, "PypiRepository")
        .domainName(publicDomain.getAttrName())
        .repositoryName(PYPI_REPOSITORY)
        .description("Public PyPI through CodeArtifact, unvetted, for notebooks without internet access")
        .externalConnections(List.of("public:pypi"))
        .build());
    // Nobody publishes into the mirror; its Python packages come from public PyPI through this repository only.
    LogicalIds.topLevel(CfnPackageGroup.Builder.create(this, "PublicPypiPackages")
        .domainName(publicDomain.getAttrName())
        .pattern("/pypi/*")
        .description("PyPI packages: fetched from public PyPI by the upstream repository only, never published")
        .originConfiguration(origin(restriction("BLOCK", null),
            restriction("ALLOW_SPECIFIC_REPOSITORIES", pypi.getAttrName()), restriction("BLOCK", null)))
        .build());
    return pypi;
  }

  /**
   * What a notebook role needs to install approved packages with pip or npm and nothing more: a token
   * for the domain, the repository's endpoint and read access to it. Nothing here publishes. A managed
   * policy, because the roles it belongs to (SageMaker execution roles) are not this stack's.
   */
  private ManagedPolicy createNotebookInstallPolicy() {
    ManagedPolicy policy = LogicalIds.keep(ManagedPolicy.Builder.create(this, "NotebookInstallPolicy")
        .managedPolicyName(settings.name() + "-notebook-install")
        .description("Read-only pip and npm installs from the Airlock approved repository")
        .statements(List.of(
            allow("GetCodeArtifactToken", List.of("codeartifact:GetAuthorizationToken"),
                List.of(domain.getAttrArn())),
            Policies.codeArtifactBearerToken(),
            allow("InstallApprovedPackages",
                List.of("codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"),
                List.of(approved.getAttrArn()))))
        .build(), "NotebookInstallPolicy85BDA11A");
    NagSuppressions.addResourceSuppressions(policy, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("Notebooks need sts:GetServiceBearerToken to log in to CodeArtifact; the action has no resource"
            + " type, so it is granted on * and limited by condition to sts:AWSServiceName codeartifact.amazonaws.com.")
        .appliesTo(List.of("Resource::*"))
        .build()));
    return policy;
  }

  private static CfnPackageGroup.OriginConfigurationProperty origin(CfnPackageGroup.RestrictionTypeProperty publish,
      CfnPackageGroup.RestrictionTypeProperty externalUpstream,
      CfnPackageGroup.RestrictionTypeProperty internalUpstream) {
    return CfnPackageGroup.OriginConfigurationProperty.builder()
        .restrictions(CfnPackageGroup.RestrictionsProperty.builder()
            .publish(publish)
            .externalUpstream(externalUpstream)
            .internalUpstream(internalUpstream)
            .build())
        .build();
  }

  private static CfnPackageGroup.RestrictionTypeProperty restriction(String mode, String repository) {
    return CfnPackageGroup.RestrictionTypeProperty.builder()
        .restrictionMode(mode)
        .repositories(repository == null ? null : List.of(repository))
        .build();
  }
}
