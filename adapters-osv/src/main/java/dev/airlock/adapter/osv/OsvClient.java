package dev.airlock.adapter.osv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.application.port.PortException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The two OSV API calls the scanner makes, over Apache HttpClient 5 with bounded retries:
 * {@code POST /v1/querybatch} (following {@code next_page_token} to the last page) and
 * {@code GET /v1/vulns/{id}}. Every failure, after the retries, is a {@link PortException} naming
 * the call and why, so the scan ends in ERROR.
 */
final class OsvClient {
  /** Pages of one query followed at most: a server that keeps handing out tokens is refused, not followed forever. */
  static final int MAX_PAGES = 100;
  /** Largest answer read; OSV's batch pages and records are far smaller. */
  static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;
  private static final int MAX_CONNECTIONS = 16;
  private static final String USER_AGENT = "airlock (+https://github.com/airlock)";
  private static final Pattern ADVISORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OsvSettings settings;
  private final String base;
  private final CloseableHttpClient client;

  OsvClient(OsvSettings settings) {
    this.settings = settings;
    String url = settings.baseUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    var connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(MAX_CONNECTIONS)
        .setMaxConnPerRoute(MAX_CONNECTIONS)
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(settings.connectTimeout()))
            .setSocketTimeout(Timeout.of(settings.responseTimeout()))
            .build())
        .build();
    this.client = HttpClients.custom()
        .setConnectionManager(connections)
        .setUserAgent(USER_AGENT)
        .setRetryStrategy(new OsvRetryStrategy(settings))
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .setDefaultRequestConfig(RequestConfig.custom()
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            .setResponseTimeout(Timeout.of(settings.responseTimeout()))
            .build())
        .build();
  }

  /** The ids of every advisory OSV lists for {@code coordinates}, over every page, each once. */
  List<String> advisoryIds(PackageCoordinates coordinates) throws PortException {
    Set<String> ids = new LinkedHashSet<>();
    String pageToken = null;
    for (int page = 1; page <= MAX_PAGES; page++) {
      JsonNode answer = call(post(queryBatch(coordinates, pageToken)), "querybatch for " + coordinates);
      JsonNode results = answer.path("results");
      if (!results.isArray() || results.size() != 1 || !results.get(0).isObject()) {
        throw new PortException("OSV API answered querybatch for " + coordinates
            + " with no result for the query (expected \"results\" holding one object)");
      }
      JsonNode result = results.get(0);
      JsonNode vulns = result.path("vulns");
      if (!vulns.isMissingNode() && !vulns.isArray()) {
        throw new PortException("OSV API answered querybatch for " + coordinates + " with \"vulns\" that is not a list");
      }
      for (JsonNode vuln : vulns) {
        String id = vuln.path("id").asText("");
        if (!ADVISORY_ID.matcher(id).matches()) {
          throw new PortException("OSV API answered querybatch for " + coordinates
              + " with an advisory id that is not one: '" + clip(id) + "'");
        }
        ids.add(id);
      }
      String next = result.path("next_page_token").asText("");
      if (next.isEmpty()) {
        return List.copyOf(ids);
      }
      pageToken = next;
    }
    throw new PortException("OSV API kept handing out pages for " + coordinates + " past " + MAX_PAGES
        + "; refused rather than followed forever");
  }

  /** The full OSV record of advisory {@code id}. */
  JsonNode advisory(String id) throws PortException {
    if (!ADVISORY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an advisory id: " + clip(id));
    }
    HttpGet get = new HttpGet(URI.create(base + "/v1/vulns/" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
    JsonNode record = call(get, "vulns/" + id);
    if (!record.isObject() || !id.equals(record.path("id").asText())) {
      throw new PortException("OSV API answered vulns/" + id + " with a record that is not advisory " + id);
    }
    return record;
  }

  private String queryBatch(PackageCoordinates coordinates, String pageToken) {
    ObjectNode query = JSON.createObjectNode();
    query.putObject("package").put("ecosystem", coordinates.ecosystem().osvName()).put("name", coordinates.name());
    query.put("version", coordinates.version());
    if (pageToken != null) {
      query.put("page_token", pageToken);
    }
    ObjectNode body = JSON.createObjectNode();
    body.putArray("queries").add(query);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private HttpPost post(String json) {
    HttpPost post = new HttpPost(URI.create(base + "/v1/querybatch"));
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    return post;
  }

  private JsonNode call(HttpUriRequestBase request, String what) throws PortException {
    request.setHeader("Accept", "application/json");
    try {
      return client.execute(request, response -> read(response, what));
    } catch (Refused e) {
      throw new PortException(e.getMessage());
    } catch (JsonProcessingException e) {
      throw new PortException("OSV API answered " + what + " with malformed JSON: " + e.getOriginalMessage());
    } catch (SocketTimeoutException e) {
      throw new PortException("OSV API did not answer " + what + " within " + settings.responseTimeout().toSeconds()
          + " s (" + host() + ")");
    } catch (IOException e) {
      throw new PortException("OSV API call " + what + " failed (" + host() + "): " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
  }

  private JsonNode read(ClassicHttpResponse response, String what) throws IOException {
    int status = response.getCode();
    if (status != 200) {
      String why = switch (status) {
        case 429 -> " (rate limited)";
        case 500, 502, 503, 504 -> " (OSV unavailable)";
        default -> "";
      };
      String attempts = OsvRetryStrategy.RETRIED.contains(status) ? " after " + settings.maxAttempts() + " attempt(s)" : "";
      throw new Refused("OSV API answered HTTP " + status + why + " to " + what + attempts + " (" + host() + ")");
    }
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      throw new Refused("OSV API answered " + what + " with no body");
    }
    try (InputStream in = new Limited(entity.getContent(), MAX_ANSWER_BYTES)) {
      JsonNode tree = JSON.readTree(in);
      if (tree == null || !tree.isObject()) {
        throw new Refused("OSV API answered " + what + " with JSON that is not an object");
      }
      return tree;
    }
  }

  private String host() {
    return settings.baseUrl().getHost();
  }

  private static String clip(String text) {
    return text.length() <= 60 ? text : text.substring(0, 59) + "…";
  }

  /** An answer OSV gave that the scanner cannot use; its message is the whole story. */
  private static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /** Stops reading an answer past {@code limit} bytes. */
  private static final class Limited extends FilterInputStream {
    private final long limit;
    private long read;

    Limited(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(long n) throws Refused {
      read += n;
      if (read > limit) {
        throw new Refused("OSV API answer is larger than " + limit / (1024 * 1024) + " MiB; refused");
      }
    }
  }
}
