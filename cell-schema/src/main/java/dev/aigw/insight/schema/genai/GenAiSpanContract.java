package dev.aigw.insight.schema.genai;

import java.util.List;

/**
 * The span attributes that describe an LLM call, in the two conventions applications and gateways
 * use: OpenTelemetry's GenAI semantic conventions (current names, the older names many
 * instrumentations still send, and SkyWalking's TTFT tag) and OpenInference (which Envoy AI Gateway
 * emits by default). The span decoder reads exactly these keys; the tests send them.
 */
public final class GenAiSpanContract {

  // ---- OpenTelemetry GenAI, current names

  /** The operation; {@link #LLM_OPERATIONS} are LLM calls, other values are not. */
  public static final String OPERATION_NAME = "gen_ai.operation.name";

  public static final String PROVIDER_NAME = "gen_ai.provider.name";
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
  public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  public static final String USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
  public static final String USAGE_CACHE_CREATION_INPUT_TOKENS =
      "gen_ai.usage.cache_creation.input_tokens";
  public static final String USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";

  /** Boolean: the request asked for a streamed answer. */
  public static final String REQUEST_STREAM = "gen_ai.request.stream";

  /** Double, seconds from the request to the first chunk of the answer. */
  public static final String RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk";

  /** Set when the call failed (with span status ERROR, the other sign of a failure). */
  public static final String ERROR_TYPE = "error.type";

  /** Operation names of LLM calls. */
  public static final List<String> LLM_OPERATIONS =
      List.of("chat", "text_completion", "generate_content", "embeddings");

  /** Operation names of GenAI spans that are not LLM calls (agents, tools, retrieval). */
  public static final List<String> OTHER_OPERATIONS =
      List.of("retrieval", "create_agent", "invoke_agent", "execute_tool", "invoke_workflow");

  // ---- OpenTelemetry GenAI, older names (deprecated, still widely sent)

  /** Older name of {@link #PROVIDER_NAME} (before semantic conventions 1.37). */
  public static final String SYSTEM = "gen_ai.system";

  /** Older name of {@link #USAGE_INPUT_TOKENS} (before 1.28). */
  public static final String USAGE_PROMPT_TOKENS = "gen_ai.usage.prompt_tokens";

  /** Older name of {@link #USAGE_OUTPUT_TOKENS} (before 1.28). */
  public static final String USAGE_COMPLETION_TOKENS = "gen_ai.usage.completion_tokens";

  /** SkyWalking's span tag: integer milliseconds to the first token. */
  public static final String SERVER_TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";

  // ---- OpenInference

  /** The span kind; {@link #OI_LLM_KINDS} are LLM calls, {@link #OI_OTHER_KINDS} are not. */
  public static final String OI_SPAN_KIND = "openinference.span.kind";

  public static final List<String> OI_LLM_KINDS = List.of("LLM", "EMBEDDING");

  public static final List<String> OI_OTHER_KINDS =
      List.of(
          "CHAIN", "RETRIEVER", "RERANKER", "TOOL", "AGENT", "GUARDRAIL", "EVALUATOR", "PROMPT");

  /** The hosting provider; preferred over {@link #OI_SYSTEM}. */
  public static final String OI_PROVIDER = "llm.provider";

  /** The AI product (Envoy AI Gateway sets only this one). */
  public static final String OI_SYSTEM = "llm.system";

  public static final String OI_MODEL_NAME = "llm.model_name";
  public static final String OI_RESPONSE_MODEL_NAME = "llm.response.model_name";
  public static final String OI_REQUEST_MODEL_NAME = "llm.request.model_name";
  public static final String OI_TOKEN_PROMPT = "llm.token_count.prompt";
  public static final String OI_TOKEN_COMPLETION = "llm.token_count.completion";
  public static final String OI_TOKEN_CACHE_READ = "llm.token_count.prompt_details.cache_read";

  /** The spec's name of the cache-creation count. */
  public static final String OI_TOKEN_CACHE_WRITE = "llm.token_count.prompt_details.cache_write";

  /** Envoy AI Gateway's name of the cache-creation count. */
  public static final String OI_TOKEN_CACHE_CREATION =
      "llm.token_count.prompt_details.cache_creation";

  public static final String OI_TOKEN_REASONING = "llm.token_count.completion_details.reasoning";

  /** JSON of the request parameters; {@code "stream": true} marks a streamed call. */
  public static final String OI_INVOCATION_PARAMETERS = "llm.invocation_parameters";

  private GenAiSpanContract() {}
}
