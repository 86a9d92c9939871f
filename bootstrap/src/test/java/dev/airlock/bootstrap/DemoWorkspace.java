package dev.airlock.bootstrap;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a private copy of the demo in {@code examples/}: a new folder holding the demo
 * packages in {@code packages/} and the demo request file beside them (its {@code file:packages/...}
 * URLs resolve there), deleted after the test. Like {@code @TempDir}, it fills the test's fields
 * that carry its annotations; register it with {@code @ExtendWith(DemoWorkspace.class)}.
 */
final class DemoWorkspace implements BeforeEachCallback, AfterEachCallback {
  private static final Path EXAMPLES = Path.of("..", "examples");
  /** The demo request file's name, as the README uses it. */
  static final String REQUEST_FILE = "external-package-request.csv";
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DemoWorkspace.class);

  /** The workspace folder (the working directory of a process the test starts). */
  @Target(ElementType.FIELD)
  @Retention(RetentionPolicy.RUNTIME)
  @interface Folder {
    /** A folder inside the workspace to copy the examples into ({@code examples}, as the README runs them); the top by default. */
    String examplesIn() default "";
  }

  /** The copied request file. */
  @Target(ElementType.FIELD)
  @Retention(RetentionPolicy.RUNTIME)
  @interface RequestFile {}

  /** The data folder a run is given: {@code data/} in the workspace, not made yet. */
  @Target(ElementType.FIELD)
  @Retention(RetentionPolicy.RUNTIME)
  @interface DataDir {}

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    List<Object> instances = context.getRequiredTestInstances().getAllInstances();
    String examplesIn = instances.stream().flatMap(i -> fields(i, Folder.class))
        .map(f -> f.getAnnotation(Folder.class).examplesIn()).findFirst().orElse("");
    Path root = Files.createTempDirectory("airlock-demo-");
    context.getStore(NAMESPACE).put("root", root);
    Path examples = root.resolve(examplesIn);
    Path packages = Files.createDirectories(examples.resolve("packages"));
    try (Stream<Path> files = Files.list(EXAMPLES.resolve("packages"))) {
      for (Path file : files.toList()) {
        Files.copy(file, packages.resolve(file.getFileName()));
      }
    }
    Path requestFile = Files.copy(EXAMPLES.resolve(REQUEST_FILE), examples.resolve(REQUEST_FILE));
    for (Object instance : instances) {
      set(instance, Folder.class, root);
      set(instance, RequestFile.class, requestFile);
      set(instance, DataDir.class, root.resolve("data"));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    Path root = context.getStore(NAMESPACE).remove("root", Path.class);
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static Stream<Field> fields(Object instance, Class<? extends java.lang.annotation.Annotation> annotation) {
    return Stream.of(instance.getClass().getDeclaredFields()).filter(f -> f.isAnnotationPresent(annotation));
  }

  private static void set(Object instance, Class<? extends java.lang.annotation.Annotation> annotation, Path value)
      throws IllegalAccessException {
    for (Field field : fields(instance, annotation).toList()) {
      if (field.getType() != Path.class) {
        throw new IllegalStateException(field + " must be a Path to be filled by " + DemoWorkspace.class.getSimpleName());
      }
      field.setAccessible(true);
      field.set(instance, value);
    }
  }
}
