/**
 * The span attribute contract of LLM calls in application traces ({@link
 * dev.aigw.insight.schema.genai.GenAiSpanContract}): OpenTelemetry's GenAI conventions (current and
 * older names) and OpenInference, as the span decoder reads them and the tests send them.
 */
package dev.aigw.insight.schema.genai;
