package dev.airlock.adapter.output.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/** The schemas the reports are checked against: Airlock's own, the official SARIF 2.1.0 one, and the JUnit XSD. */
final class ReportSchemas {
  private static final String HERE = "/dev/airlock/adapter/output/report/";

  private ReportSchemas() {}

  /** Problems of {@code document} against Airlock's report schema; empty when valid. */
  static List<String> reportProblems(JsonNode document) {
    return problems(JsonRunReport.SCHEMA_RESOURCE, VersionFlag.V202012, document);
  }

  /** Problems of {@code document} against the OASIS SARIF 2.1.0 schema; empty when valid. */
  static List<String> sarifProblems(JsonNode document) {
    return problems(HERE + "sarif-schema-2.1.0.json", VersionFlag.V4, document);
  }

  /** Validates {@code xml} against the Jenkins/Surefire JUnit XSD; throws naming the first problem. */
  static void validateJUnit(String xml) throws SAXException, IOException {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    try (InputStream xsd = ReportSchemas.class.getResourceAsStream(HERE + "junit-10.xsd")) {
      factory.newSchema(new StreamSource(xsd)).newValidator().validate(new StreamSource(new StringReader(xml)));
    }
  }

  private static List<String> problems(String resource, VersionFlag version, JsonNode document) {
    try (InputStream in = ReportSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is not on the classpath");
      }
      return JsonSchemaFactory.getInstance(version).getSchema(in).validate(document).stream()
          .map(ValidationMessage::toString).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
