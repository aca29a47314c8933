package dev.aigw.insight.dashboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aigw.insight.tokens.AccessTokens;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The dashboard's one HTTP server (Javalin on Jetty 12): the page from the classpath folder {@code
 * web/} at {@code /}, ECharts from its webjar at {@code /webjars/echarts/} (no version in the path,
 * so the page does not change when the webjar does), {@code /api/health}, and the query API's
 * routes.
 *
 * <p>When bearer tokens are configured, every {@code /api/} path except {@code /api/health} needs
 * {@code Authorization: Bearer <token>}; the page and ECharts stay open, since a browser cannot
 * send a header when it navigates (the page sends the token with its API calls). Health stays open
 * for liveness probes and says nothing about the data.
 */
public final class DashboardServer implements AutoCloseable {

  /** Where the page's files are on the classpath. */
  public static final String WEB_FOLDER = "web";

  /** The path ECharts is served under. */
  public static final String ECHARTS_PATH = "/webjars/echarts";

  private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  /** One mapper for every JSON answer: ISO-free (numbers stay numbers), no pretty-printing. */
  public static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final Javalin app;

  private DashboardServer(Javalin app) {
    this.app = app;
  }

  /**
   * Starts a server on {@code host:port} (port 0 = any free port, see {@link #port()}); {@code
   * tokens} null = no authentication.
   */
  public static DashboardServer start(String host, int port, AccessTokens tokens, ApiRoutes api) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(api, "api");
    ClassLoader loader = DashboardServer.class.getClassLoader();
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.host = host;
              config.jetty.port = port;
              // the page may not be on the classpath (API-only tests, the API without the page)
              if (loader.getResource(WEB_FOLDER) != null) {
                config.staticFiles.add(WEB_FOLDER, Location.CLASSPATH);
              }
              String echarts = echartsFolder(loader);
              if (echarts != null) {
                config.staticFiles.add(
                    files -> {
                      files.hostedPath = ECHARTS_PATH;
                      files.directory = echarts;
                      files.location = Location.CLASSPATH;
                    });
              }
              if (tokens != null) {
                config.routes.before("/api/*", ctx -> authenticate(ctx, tokens));
              }
              config.routes.get("/api/health", ctx -> json(ctx, Map.of("status", "UP")));
              api.register(config.routes);
            });
    app.start();
    return new DashboardServer(app);
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** Writes {@code body} as a JSON answer with status 200. */
  public static void json(Context ctx, Object body) {
    json(ctx, HttpStatus.OK, body);
  }

  /** Writes {@code body} as a JSON answer with the given status. */
  public static void json(Context ctx, HttpStatus status, Object body) {
    try {
      ctx.status(status)
          .contentType(ContentType.APPLICATION_JSON)
          .result(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a JSON error answer: {@code {"status": 400, "error": "..."}}. */
  public static void error(Context ctx, HttpStatus status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.getCode());
    body.put("error", message);
    json(ctx, status, body);
  }

  private static void authenticate(Context ctx, AccessTokens tokens) {
    if (ctx.path().equals("/api/health") || tokens.acceptsHeader(ctx.header("Authorization"))) {
      return;
    }
    ctx.header("WWW-Authenticate", "Bearer");
    error(ctx, HttpStatus.UNAUTHORIZED, "missing or unknown bearer token (Authorization: Bearer)");
    ctx.skipRemainingHandlers();
  }

  /** The webjar's folder of the ECharts version on the classpath, or null without the webjar. */
  private static String echartsFolder(ClassLoader loader) {
    try (InputStream pom = loader.getResourceAsStream(ECHARTS_POM)) {
      if (pom == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(pom);
      return "META-INF/resources/webjars/echarts/" + properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the ECharts webjar's version", e);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    app.stop();
  }
}
