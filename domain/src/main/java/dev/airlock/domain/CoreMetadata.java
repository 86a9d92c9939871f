package dev.airlock.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Python core metadata as an sdist's {@code PKG-INFO} or a wheel's {@code METADATA} holds it: RFC 822
 * style headers ({@code Name: tidy-stats}), lines that start with white space continuing the one
 * before, then after a blank line an optional body (the long description since metadata 2.1).
 * Field names are matched ignoring case; a field may appear several times ({@code Classifier}).
 */
public final class CoreMetadata {
  /** One header, as written. */
  public record Field(String name, String value) {}

  private final List<Field> fields;
  private final Optional<String> body;

  private CoreMetadata(List<Field> fields, Optional<String> body) {
    this.fields = List.copyOf(fields);
    this.body = body;
  }

  /**
   * Parses {@code text} (the file {@code source}, named in errors).
   *
   * @throws IllegalArgumentException naming the line when a header line is not {@code Name: value},
   *     or when {@code Metadata-Version}, {@code Name} or {@code Version} is missing or empty
   */
  public static CoreMetadata parse(String text, String source) {
    List<Field> fields = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    int i = 0;
    for (; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        break;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (fields.isEmpty()) {
          throw new IllegalArgumentException(source + " line " + (i + 1) + " continues a header that is not there");
        }
        Field last = fields.remove(fields.size() - 1);
        fields.add(new Field(last.name(), last.value() + "\n" + line.strip()));
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !line.substring(0, colon).matches("[A-Za-z0-9-]+")) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + " is not a 'Name: value' header");
      }
      fields.add(new Field(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
    Optional<String> body = Optional.empty();
    if (i < lines.length - 1) {
      String rest = String.join("\n", Arrays.asList(lines).subList(i + 1, lines.length));
      body = Optional.of(rest).filter(b -> !b.isBlank());
    }
    CoreMetadata metadata = new CoreMetadata(fields, body);
    for (String required : List.of("Metadata-Version", "Name", "Version")) {
      if (metadata.first(required).filter(v -> !v.isBlank()).isEmpty()) {
        throw new IllegalArgumentException(source + " has no " + required);
      }
    }
    return metadata;
  }

  /** Every header in file order. */
  public List<Field> fields() {
    return fields;
  }

  /** The first value of {@code field}, if present. */
  public Optional<String> first(String field) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(field)).map(Field::value).findFirst();
  }

  /** Every value of {@code field}, in file order. */
  public List<String> all(String field) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(field)).map(Field::value).toList();
  }

  /** The text after the headers (the long description since metadata 2.1), if any. */
  public Optional<String> body() {
    return body;
  }

  /** {@code Metadata-Version}. */
  public String metadataVersion() {
    return first("Metadata-Version").orElseThrow();
  }

  /** {@code Name}, as written. */
  public String name() {
    return first("Name").orElseThrow();
  }

  /** {@code Version}, as written. */
  public String version() {
    return first("Version").orElseThrow();
  }

  /** {@code Requires-Python}, if given. */
  public Optional<String> requiresPython() {
    return first("Requires-Python").filter(v -> !v.isBlank());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoreMetadata other && fields.equals(other.fields) && body.equals(other.body);
  }

  @Override
  public int hashCode() {
    return fields.hashCode() * 31 + body.hashCode();
  }

  @Override
  public String toString() {
    return "CoreMetadata[" + first("Name").orElse("?") + " " + first("Version").orElse("?") + "]";
  }
}
